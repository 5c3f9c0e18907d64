using Microsoft.Extensions.Options;

namespace Marketplace.Streaming.Kafka;

/// <summary>Fails the silo's start, naming every bad setting, instead of its first stream read.</summary>
internal sealed class KafkaStreamOptionsValidator : IValidateOptions<KafkaStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaStreamOptions options) =>
        options.Problems(name ?? Options.DefaultName) is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
