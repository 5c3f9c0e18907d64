using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Marketplace.ServiceDefaults.Orleans;

/// <summary>
/// Mutual TLS on every cluster connection: silo to silo and client (gateway) to silo. Bound from <c>Cluster:Tls</c>.
/// Off by default so tests and <c>dotnet run</c> need no certificates; deploy/local/up.sh turns it on with certificates
/// issued by a CA generated for the install (deploy/local/pki.sh).
/// </summary>
public sealed class ClusterTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>This host's certificate (PEM), issued by <see cref="CaPath"/>'s CA, for both TLS server and client authentication.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key (PEM).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The cluster's CA (PEM): the only issuer whose certificates a silo or client accepts from the other end.</summary>
    public string? CaPath { get; set; }
}

public static class ClusterTls
{
    /// <summary>
    /// Both ends present a certificate and accept the other's only when it chains to the cluster's CA. Host names are not
    /// compared: silos are addressed by IP from the membership table, so the CA alone says who belongs to the cluster.
    /// </summary>
    public static void Configure(TlsOptions tls, ClusterTlsOptions options)
    {
        var certificate = X509Certificate2.CreateFromPemFile(Required(options.CertificatePath, nameof(options.CertificatePath)),
            Required(options.KeyPath, nameof(options.KeyPath)));
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(Required(options.CaPath, nameof(options.CaPath))));
        tls.LocalCertificate = certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (remote, _, _) => IsIssuedBy(remote, authority);
    }

    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static string Required(string? path, string name) =>
        string.IsNullOrEmpty(path)
            ? throw new InvalidOperationException($"Cluster:Tls:{name} is required when Cluster:Tls:Enabled is true.")
            : path;
}
