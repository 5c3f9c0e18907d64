using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Marketplace.Grains.ReadModels;

/// <summary>
/// The stored aggregates' keys, read from the Orleans ADO.NET storage table (<c>OrleansStorage</c>, migration 0004) of
/// the store's database: the silo's grain storage names each row <c>&lt;grain type&gt;/&lt;state name&gt;</c>
/// (GrainTypeScopedStorage), and the provider keeps a Guid key as its two 64-bit halves (GrainIdN0, GrainIdN1: the
/// Guid's bytes, little-endian).
/// </summary>
public sealed class SqlStoredAggregateKeys(ReadModelDatabase database, IOptions<ClusterOptions> cluster) : IStoredAggregateKeys
{
    private const int Batch = 1000;

    public async IAsyncEnumerable<Guid> GuidKeysAsync(string grainType, string stateName, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        (long N0, long N1)? after = null;
        while (true)
        {
            var keys = await database.QueryAsync($"""
                SELECT GrainIdN0, GrainIdN1 FROM OrleansStorage
                 WHERE GrainTypeString = @type AND ServiceId = @service AND PayloadBinary IS NOT NULL
                   {(after is null ? "" : "AND (GrainIdN0 > @n0 OR (GrainIdN0 = @n0 AND GrainIdN1 > @n1))")}
                 ORDER BY GrainIdN0, GrainIdN1 LIMIT @limit
                """, reader => (N0: reader.GetInt64(0), N1: reader.GetInt64(1)), cancellationToken,
                ("type", $"{grainType}/{stateName}"), ("service", cluster.Value.ServiceId), ("n0", after?.N0 ?? 0), ("n1", after?.N1 ?? 0), ("limit", Batch));
            foreach (var key in keys)
            {
                yield return ToGuid(key.N0, key.N1);
            }
            if (keys.Count < Batch)
            {
                yield break;
            }
            after = keys[^1];
        }
    }

    private static Guid ToGuid(long n0, long n1)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes[..8], n0);
        BitConverter.TryWriteBytes(bytes[8..], n1);
        return new Guid(bytes);
    }
}
