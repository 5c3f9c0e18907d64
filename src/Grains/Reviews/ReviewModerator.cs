using Marketplace.Common;
using Marketplace.Reviews;
using Marketplace.Reviews.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Marketplace.Grains.Reviews;

/// <summary>Receives one review's events (implicit subscription; key = the review id).</summary>
public interface IReviewModerator : IGrainWithStringKey;

/// <summary>
/// The moderation service of the original design, as a stream subscriber: judges every submitted revision of a
/// review by the <see cref="ModerationRules"/> and hands the verdict to the review, which ignores a revision it has
/// moved past. Redelivery is therefore harmless and the moderator keeps no state.
/// </summary>
[ImplicitStreamSubscription(StreamNames.Reviews)]
public sealed class ReviewModerator(ModerationRules rules) : Grain, IReviewModerator, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<EventEnvelope>().ResumeAsync((envelope, _) =>
            envelope.Data is ReviewSubmitted submitted
                ? GrainFactory.GetGrain<IReviewGrain>(submitted.ReviewId).ApplyVerdict(submitted.Revision,
                    rules.Judge(new ReviewDraft(submitted.Stars, submitted.Text, submitted.Pros, submitted.Cons)))
                : Task.CompletedTask);
}
