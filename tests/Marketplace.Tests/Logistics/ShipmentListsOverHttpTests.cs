using System.Net.Http.Json;
using Marketplace.Logistics;
using Marketplace.ReadModels;
using Marketplace.Tests.Foundation;
using Marketplace.Tests.Infrastructure;
using Marketplace.Tests.ReadModels;
using Npgsql;
using static Marketplace.Tests.Logistics.LogisticsHttpTests;

namespace Marketplace.Tests.Logistics;

/// <summary>
/// The shipment lists' table end to end, on a deployment of its own (so nothing else moves while the operators'
/// check runs): keyset pages of the dispatch queue and a seller's list over real gateways, drift found and repaired,
/// a rebuild equal to what the events wrote, and the lists read back after the silo is killed and another started.
/// </summary>
[Collection(LogisticsDeploymentCollection.Name)]
public sealed class ShipmentListsOverHttpTests
{
    private const int Shipments = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_dispatch_queue_pages_longest_waiting_first_and_the_lists_survive_a_check_a_repair_a_rebuild_and_a_restart()
    {
        await using var deployment = await MarketplaceDeployment.StartAsync(silos: 1, gateways: [Gateway.Seller, Gateway.Logistics]);
        var cluster = await deployment.ConnectClientAsync();
        using var sellerGateway = deployment.CreateClient(Gateway.Seller);
        using var seller = await sellerGateway.SignUpAsync("Seller");
        using var readModels = await sellerGateway.SignInAsOperatorAsync();
        using var dispatcher = await deployment.CreateClient(Gateway.Logistics).SignInAsOperatorAsync();
        var handedOver = new List<Guid>();
        for (var i = 0; i < Shipments; i++)
        {
            var order = ShipmentFactory.NewShipment(seller.UserId);
            await cluster.GetGrain<IShipmentGrain>(order.ShipmentId).Create(order);
            await Post(seller.Client, $"/shipments/{order.ShipmentId}/pack", new { location = "Warehouse 3" });
            await Post(seller.Client, $"/shipments/{order.ShipmentId}/hand-over", new { channel = "Courier" });
            handedOver.Add(order.ShipmentId);
        }

        var queue = await Eventually.Until(() => Walk(dispatcher.Client, "/operator/shipments/awaiting-courier"), ids => ids.Count == Shipments,
            Patience, "every hand-over in the dispatch queue");
        Assert.Equal(handedOver, queue);
        var sellers = await Walk(seller.Client, "/shipments");
        Assert.Equal(handedOver.AsEnumerable().Reverse(), sellers);
        using (var assign = await dispatcher.Client.PutAsJsonAsync($"/operator/shipments/{handedOver[0]}/courier", new { courierId = Guid.NewGuid() }))
        {
            assign.EnsureSuccessStatusCode();
        }
        var waiting = await Eventually.Until(() => Walk(dispatcher.Client, "/operator/shipments/awaiting-courier"), ids => ids.Count == Shipments - 1,
            Patience, "the assigned shipment off the queue");
        Assert.Equal(handedOver.Skip(1), waiting);
        await PageUntil(seller.Client, "/shipments?pageSize=100", p => p.Items.Any(s => s.CourierId is not null), "the courier in the seller's list");
        foreach (var (client, url, field) in new[]
                 {
                     (seller.Client, "/shipments?after=not-a-cursor", "after"),
                     (dispatcher.Client, "/operator/shipments/awaiting-courier?after=not-a-cursor", "after"),
                     (dispatcher.Client, "/operator/shipments/overdue?page=2147483647&pageSize=100", "page"),
                     (seller.Client, "/shipments?pageSize=1000", "pageSize"),
                 })
        {
            using var refused = await client.GetAsync(url);
            await InputValidationHttpTests.AssertFieldError(refused, field, url);
        }

        await using var database = NpgsqlDataSource.Create(deployment.Database);
        var incremental = await Dump(database);
        Assert.Equal(Shipments, incremental.Count);
        Assert.True((await ReadModelJobs.Check(readModels.Client, ReadModelNames.Shipments, repair: false)).GetProperty("consistent").GetBoolean());

        // Drift an operator must find: rows lost (as a dropped event would leave them) and a row that says something stale.
        await Execute(database, "DELETE FROM logistics_shipments WHERE id = @id", handedOver[1]);
        await Execute(database, "DELETE FROM logistics_shipments WHERE id = @id", handedOver[2]);
        await Execute(database, """UPDATE logistics_shipments SET summary = replace(summary, '"HandedOver"', '"Packed"') WHERE id = @id""", handedOver[3]);
        var drift = await ReadModelJobs.Check(readModels.Client, ReadModelNames.Shipments, repair: false);
        Assert.Equal((2, 1, 0), (drift.GetProperty("missing").GetInt32(), drift.GetProperty("stale").GetInt32(), drift.GetProperty("repaired").GetInt32()));
        Assert.Equal(3, (await ReadModelJobs.Check(readModels.Client, ReadModelNames.Shipments, repair: true)).GetProperty("repaired").GetInt32());
        Assert.Equal(incremental, await Dump(database));

        // A rebuild from the shipment grains writes exactly what the events wrote.
        Assert.Equal(Shipments, (await ReadModelJobs.Rebuild(readModels.Client, ReadModelNames.Shipments)).GetProperty("checked").GetInt32());
        Assert.Equal(incremental, await Dump(database));

        // Restart, then read: the lists are in their table, not in any activation's memory.
        await deployment.Silos[0].KillAsync();
        await deployment.StartSiloAsync();
        // Until the killed silo is declared dead, a gateway may route a call to it and answer 503: only complete reads count.
        var afterRestart = await Eventually.Until(async () =>
        {
            try
            {
                return (Queue: await Walk(dispatcher.Client, "/operator/shipments/awaiting-courier"), Seller: await Walk(seller.Client, "/shipments"));
            }
            catch (HttpRequestException)
            {
                return ([], []);
            }
        }, lists => lists.Queue.Count > 0 && lists.Seller.Count > 0, Patience, "the lists served by the restarted silo");
        Assert.Equal(waiting, afterRestart.Queue);
        Assert.Equal(sellers, afterRestart.Seller);
    }

    /// <summary>Every shipment of a list, two per page through the 'next' cursor.</summary>
    private static async Task<List<Guid>> Walk(HttpClient client, string path)
    {
        var ids = new List<Guid>();
        string? after = null;
        do
        {
            var page = await Page(client, $"{path}?pageSize=2{(after is null ? "" : $"&after={after}")}");
            ids.AddRange(page.Items.Select(s => s.ShipmentId));
            after = page.Next;
        }
        while (after is not null);
        return ids;
    }

    private static async Task Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task Execute(NpgsqlDataSource database, string sql, Guid shipmentId)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("id", shipmentId);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row and column of the table as text.</summary>
    private static async Task<List<string>> Dump(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("""
            SELECT concat_ws('|', id, seller_id, shopper_id, order_id, courier_id, created_at, awaiting_since, due_at, version, summary)
              FROM logistics_shipments ORDER BY id
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
