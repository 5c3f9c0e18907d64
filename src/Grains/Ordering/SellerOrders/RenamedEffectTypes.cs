using Orleans.Serialization;

namespace Marketplace.Grains.Ordering;

/// <summary>
/// The sub-order's effect records were nested in <c>SellerOrderGrain</c> until its core moved out (commit 879340d), and
/// an outbox names an effect's type in its stored state: a sub-order that still owed an effect then would no longer
/// load ("Type ... is not allowed"). This lets the Orleans serializer read the old names as the records they became;
/// it writes only the new ones, so each such state moves to them with the sub-order's next write.
/// </summary>
public sealed class RenamedEffectTypes : ITypeConverter, ITypeNameFilter
{
    private const string Assembly = "Marketplace.Grains";

    private static readonly Dictionary<string, Type> Renamed = new(StringComparer.Ordinal)
    {
        ["Marketplace.Grains.Ordering.SellerOrderGrain+CreateShipmentEffect"] = typeof(CreateShipmentEffect),
        ["Marketplace.Grains.Ordering.SellerOrderGrain+CaptureEffect"] = typeof(CaptureEffect),
        ["Marketplace.Grains.Ordering.SellerOrderGrain+ReleaseAndRestockEffect"] = typeof(ReleaseAndRestockEffect),
    };

    /// <summary>Writes every type under its own name (Orleans' default).</summary>
    public bool TryFormat(Type type, out string formatted)
    {
        formatted = "";
        return false;
    }

    public bool TryParse(string formatted, out Type type)
    {
        var name = formatted.Split(',', 2) is [var typeName, var assembly] && assembly.Trim() == Assembly ? typeName : formatted;
        type = Renamed.GetValueOrDefault(name)!;
        return type is not null;
    }

    public bool? IsTypeNameAllowed(string typeName, string assemblyName) =>
        Renamed.ContainsKey(typeName) && assemblyName is null or Assembly ? true : null;
}
