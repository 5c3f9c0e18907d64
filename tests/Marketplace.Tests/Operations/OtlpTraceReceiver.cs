using System.Collections.Concurrent;
using System.Net;
using Marketplace.Tests.Infrastructure;

namespace Marketplace.Tests.Operations;

/// <summary>One span as a collector received it over OTLP.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int Server = 2;
    public const int Client = 3;
}

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP trace endpoint in the test process (POST /v1/traces, protobuf), so real host
/// processes export to it exactly as they would to a collector. It decodes the few fields of the OTLP trace messages a
/// test reads: the resource's service.name and each span's ids, name, kind and attributes.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _serving;

    public OtlpTraceReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        _listener.Prefixes.Add($"{Endpoint}");
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT is set to (with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) => _spans.Where(s => s.TraceId == traceId).ToList();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                foreach (var span in Decode(body.ToArray()))
                {
                    _spans.Enqueue(span);
                }
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // ExportTraceServiceRequest: 1 resource_spans. ResourceSpans: 1 resource, 2 scope_spans. Resource: 1 attributes.
    // ScopeSpans: 2 spans. Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes.
    private static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Protobuf.Messages(request, 1))
        {
            var resource = Protobuf.Messages(resourceSpans, 1).FirstOrDefault();
            var service = resource is null ? "" : Attributes(resource, 1).GetValueOrDefault("service.name", "");
            foreach (var scopeSpans in Protobuf.Messages(resourceSpans, 2))
            {
                foreach (var span in Protobuf.Messages(scopeSpans, 2))
                {
                    var fields = Protobuf.Fields(span).ToList();
                    string Hex(int field) => fields.Where(f => f.Number == field).Select(f => Convert.ToHexStringLower(f.Bytes)).FirstOrDefault() ?? "";
                    yield return new ReceivedSpan(service, Hex(1), Hex(2), Hex(4),
                        fields.Where(f => f.Number == 5).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault() ?? "",
                        (int)fields.Where(f => f.Number == 6).Select(f => f.Varint).FirstOrDefault(), Attributes(span, 9));
                }
            }
        }
    }

    // KeyValue: 1 key, 2 value. AnyValue: 1 string_value, 3 int_value.
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in Protobuf.Messages(message, field))
        {
            var key = Protobuf.Fields(pair).Where(f => f.Number == 1).Select(f => System.Text.Encoding.UTF8.GetString(f.Bytes)).FirstOrDefault();
            var value = Protobuf.Messages(pair, 2).SelectMany(Protobuf.Fields).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value.Number == 1 ? System.Text.Encoding.UTF8.GetString(value.Bytes) : ((long)value.Varint).ToString();
            }
        }
        return attributes;
    }

    /// <summary>The protobuf wire format, read only as far as OTLP's trace messages need.</summary>
    private static class Protobuf
    {
        public sealed record Field(int Number, ulong Varint, byte[] Bytes);

        public static IEnumerable<byte[]> Messages(byte[] message, int number) => Fields(message).Where(f => f.Number == number).Select(f => f.Bytes);

        public static IEnumerable<Field> Fields(byte[] message)
        {
            var position = 0;
            while (position < message.Length)
            {
                var tag = Varint(message, ref position);
                var number = (int)(tag >> 3);
                switch (tag & 7)
                {
                    case 0:
                        yield return new Field(number, Varint(message, ref position), []);
                        break;
                    case 1:
                        yield return new Field(number, BitConverter.ToUInt64(message, position), message[position..(position + 8)]);
                        position += 8;
                        break;
                    case 2:
                        var length = (int)Varint(message, ref position);
                        yield return new Field(number, 0, message[position..(position + length)]);
                        position += length;
                        break;
                    case 5:
                        yield return new Field(number, BitConverter.ToUInt32(message, position), message[position..(position + 4)]);
                        position += 4;
                        break;
                    default:
                        throw new InvalidDataException($"protobuf wire type {tag & 7} is not used by OTLP");
                }
            }
        }

        private static ulong Varint(byte[] message, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = message[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
