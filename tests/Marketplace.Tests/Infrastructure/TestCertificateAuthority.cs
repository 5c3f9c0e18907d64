using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Marketplace.ServiceDefaults.Orleans;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// A certificate authority of the test's own and the PEM files of the certificates it issues, in a temporary folder:
/// what deploy/local/pki.sh makes per install with openssl, made here so no test shares a key with a demo or another test.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("test-pki-").FullName;
    private readonly X509Certificate2 _authority;

    private TestCertificateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        CaPath = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(CaPath, _authority.ExportCertificatePem());
    }

    /// <summary>The CA certificate (PEM), as Cluster:Tls:CaPath takes it.</summary>
    public string CaPath { get; }

    public static TestCertificateAuthority Create(string name) => new(name);

    /// <summary>A certificate for TLS server and client authentication on loopback, its key, and where both were written.</summary>
    public ClusterTlsOptions Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, true, false));
        using var certificate = request.Create(_authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1),
            RandomNumberGenerator.GetBytes(16));
        var options = new ClusterTlsOptions
        {
            Enabled = true,
            CertificatePath = Path.Combine(_folder, $"{name}.pem"),
            KeyPath = Path.Combine(_folder, $"{name}.key"),
            CaPath = CaPath,
        };
        File.WriteAllText(options.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(options.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return options;
    }

    /// <summary>The environment that turns on Cluster:Tls for a silo or gateway process with a certificate named <paramref name="name"/>.</summary>
    public Dictionary<string, string> ClusterEnvironment(string name)
    {
        var options = Issue(name);
        return new Dictionary<string, string>
        {
            ["Cluster__Tls__Enabled"] = "true",
            ["Cluster__Tls__CertificatePath"] = options.CertificatePath!,
            ["Cluster__Tls__KeyPath"] = options.KeyPath!,
            ["Cluster__Tls__CaPath"] = options.CaPath!,
        };
    }

    public void Dispose()
    {
        _authority.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
