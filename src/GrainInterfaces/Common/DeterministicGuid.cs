using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Common;

/// <summary>
/// A name-based (RFC 9562 version 8, SHA-256) GUID: the same scope and name always give the same id, so a retried
/// request (an idempotency key, a compensation step) lands on the same grain and the same record.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(Guid scope, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        scope.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
