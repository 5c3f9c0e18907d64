using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;

namespace Marketplace.Streaming.Kafka;

/// <summary>
/// One Kafka message: the events one producer call put on one stream. Its sequence token is the message's
/// partition offset, assigned on receipt, so tokens order exactly as the partition does.
/// </summary>
[GenerateSerializer]
public sealed class KafkaBatchContainer : IBatchContainer
{
    public KafkaBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
    }

    [Id(0)] public StreamId StreamId { get; }

    [Id(1)] public List<object> Events { get; }

    [Id(2)] public Dictionary<string, object>? RequestContext { get; }

    [Id(3)] public EventSequenceTokenV2 Token { get; private set; } = new(-1);

    /// <summary>The Kafka offset of the message; the receiver commits past it once the message is delivered.</summary>
    public long Offset => Token.SequenceNumber;

    public StreamSequenceToken SequenceToken => Token;

    internal KafkaBatchContainer AtOffset(long offset)
    {
        Token = new EventSequenceTokenV2(offset);
        return this;
    }

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, index) => Tuple.Create<T, StreamSequenceToken>(e, Token.CreateSequenceTokenForEvent(index)));

    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }
        RequestContextExtensions.Import(RequestContext);
        return true;
    }

    public override string ToString() => $"[KafkaBatchContainer stream={StreamId} offset={Offset} events={Events.Count}]";
}
