namespace Marketplace.Grains.Media;

/// <summary>
/// Objects as files under <c>{root}/{bucket}/{key}</c>, each with its content type in a <c>.content-type</c>
/// file beside it. Writes go to a temporary file first, so a reader never sees half an image.
/// </summary>
public sealed class FileSystemMediaStore(string root) : IMediaStore
{
    private const string ContentTypeSuffix = ".content-type";

    public async Task PutAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteAtomicallyAsync(path + ContentTypeSuffix, System.Text.Encoding.UTF8.GetBytes(contentType), cancellationToken);
        await WriteAtomicallyAsync(path, content, cancellationToken);
    }

    public async Task<MediaObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var contentType = await File.ReadAllTextAsync(path + ContentTypeSuffix, cancellationToken);
            return new MediaObject(content, contentType);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        // File.Delete ignores a missing file but not a missing folder.
        if (Directory.Exists(Path.GetDirectoryName(path)))
        {
            File.Delete(path);
            File.Delete(path + ContentTypeSuffix);
        }
        return Task.CompletedTask;
    }

    private string PathOf(string bucket, string key)
    {
        var bucketRoot = Path.GetFullPath(Path.Combine(root, bucket));
        var path = Path.GetFullPath(Path.Combine(bucketRoot, key));
        // Keys are made by the media grains, never by clients; still, no key may leave its bucket's folder.
        if (!path.StartsWith(bucketRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path.EndsWith(ContentTypeSuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }
        return path;
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
