namespace Marketplace.Grains.Ordering;

/// <summary>Catalogue prices are decimals with two places (roubles and kopecks); the processor takes minor units.</summary>
public static class Money
{
    public static long ToMinor(decimal amount) => (long)decimal.Round(amount * 100m, 0, MidpointRounding.AwayFromZero);
}
