using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Marketplace.Streaming.Kafka;

internal static class KafkaLogging
{
    /// <summary>Routes librdkafka's own log lines (connection loss, broker errors) into the host's logging.</summary>
    public static void Forward(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {Facility} {Client}: {Message}", message.Facility, message.Name, message.Message);
    }
}
