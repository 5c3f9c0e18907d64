using System.Text;
using Marketplace.Grains.Common;
using Marketplace.Grains.Ordering;
using Marketplace.Ordering;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;

namespace Marketplace.Tests.Foundation.Storage;

/// <summary>
/// A sub-order stored while it still owed effects, when its effect records were nested in <c>SellerOrderGrain</c>
/// (before commit 879340d), loads with them: the state is written as that code wrote it (the effects under their old
/// names, which is how Orleans names a nested record, as the first test shows), then read by the silo's serializer.
/// </summary>
public sealed class RenamedEffectTypesTests
{
    [Fact]
    public void Orleans_names_a_nested_record_by_its_outer_type_as_the_sub_orders_effects_were_named()
    {
        using var services = Serializers();
        Assert.Equal($"{typeof(RenamedEffectTypesTests).FullName}+{nameof(Nested)},Marketplace.Tests",
            services.GetRequiredService<TypeConverter>().Format(typeof(Nested)));
    }

    [Fact]
    public void A_sub_order_owing_effects_under_their_old_names_loads_and_is_written_back_under_the_new_ones()
    {
        var state = new SellerOrderState
        {
            OrderId = Guid.NewGuid(),
            SellerOrderId = Guid.NewGuid(),
            Status = SellerOrderStatus.Delivered,
            Outbox = new EventOutbox { Pending = [new OutboxEffect(new CreateShipmentEffect()), new OutboxEffect(new CaptureEffect()), new OutboxEffect(new ReleaseAndRestockEffect())] },
        };
        byte[] stored;
        using (var before = Serializers(new FormerNames()))
        {
            stored = before.GetRequiredService<Serializer>().SerializeToArray(state);
        }
        Assert.Contains("SellerOrderGrain+CreateShipmentEffect", Encoding.UTF8.GetString(stored));

        using (var withoutCompatibility = Serializers())
        {
            Assert.ThrowsAny<Exception>(() => withoutCompatibility.GetRequiredService<Serializer>().Deserialize<SellerOrderState>(stored));
        }
        using var silo = Serializers(new RenamedEffectTypes());
        var serializer = silo.GetRequiredService<Serializer>();
        var read = serializer.Deserialize<SellerOrderState>(stored)!;

        Assert.Equal((state.OrderId, state.SellerOrderId, SellerOrderStatus.Delivered), (read.OrderId, read.SellerOrderId, read.Status));
        Assert.Equal([typeof(CreateShipmentEffect), typeof(CaptureEffect), typeof(ReleaseAndRestockEffect)],
            read.Outbox.Pending.Select(m => ((OutboxEffect)m).Effect.GetType()));
        var rewritten = Encoding.UTF8.GetString(serializer.SerializeToArray(read));
        Assert.DoesNotContain("SellerOrderGrain+", rewritten);
        Assert.Contains(typeof(CreateShipmentEffect).FullName!, rewritten);
    }

    private static ServiceProvider Serializers(object? typeNames = null)
    {
        var services = new ServiceCollection().AddSerializer(serializer => serializer
            .AddAssembly(typeof(SellerOrderState).Assembly)
            .AddAssembly(typeof(OrderLine).Assembly)
            .AddAssembly(typeof(RenamedEffectTypesTests).Assembly));
        if (typeNames is not null)
        {
            services.AddSingleton((ITypeConverter)typeNames).AddSingleton((ITypeNameFilter)typeNames);
        }
        return services.BuildServiceProvider();
    }

    [GenerateSerializer]
    public sealed record Nested;

    /// <summary>Writes the sub-order's effects under the names they had while nested in <c>SellerOrderGrain</c>.</summary>
    private sealed class FormerNames : ITypeConverter, ITypeNameFilter
    {
        private static readonly Type[] Moved = [typeof(CreateShipmentEffect), typeof(CaptureEffect), typeof(ReleaseAndRestockEffect)];

        public bool TryFormat(Type type, out string formatted)
        {
            formatted = Moved.Contains(type) ? $"Marketplace.Grains.Ordering.SellerOrderGrain+{type.Name},Marketplace.Grains" : "";
            return formatted.Length > 0;
        }

        public bool TryParse(string formatted, out Type type)
        {
            type = null!;
            return false;
        }

        public bool? IsTypeNameAllowed(string typeName, string assemblyName) => typeName.StartsWith("Marketplace.Grains.Ordering.SellerOrderGrain+", StringComparison.Ordinal) ? true : null;
    }
}
