using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Marketplace.Tests.Infrastructure;

/// <summary>The Orleans clients a fixture opens in the test process, each configured by the fixture, all closed with it.</summary>
public sealed class TestClusterClients : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    public async Task<IClusterClient> ConnectAsync(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            // A client the cluster refused must not keep retrying in the background.
            host.Dispose();
            throw;
        }
        _hosts.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // A client of a cluster that is already gone may fail to close; the test is over anyway.
            }
            host.Dispose();
        }
    }
}
