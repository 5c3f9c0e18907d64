namespace Marketplace.External.Carrier;

/// <summary>
/// Moves each registered parcel through its journey and reports every step to the merchant's webhook, misbehaving the way
/// the parcel's <see cref="SandboxSettings"/> say: duplicates, swapped pairs, a failed delivery. During an outage the
/// callbacks wait, as a real carrier's queue would.
/// </summary>
public sealed class JourneyRunner(WebhookSender webhook, SandboxMode mode, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<JourneyRunner> logger)
{
    /// <summary>Runs the journey in the background until it ends or the sandbox stops; <see cref="Run"/> never throws.</summary>
    public void Start(CarrierParcel parcel, SandboxSettings settings) =>
        _ = Task.Run(() => Run(parcel, settings, lifetime.ApplicationStopping));

    private async Task Run(CarrierParcel parcel, SandboxSettings settings, CancellationToken stopping)
    {
        try
        {
            var plan = Plan(parcel, settings);
            foreach (var (trackingEvent, sendAt) in settings.Reorder ? SwapPairs(plan) : plan.Select(e => (e, e.OccurredAt)).ToList())
            {
                var wait = sendAt - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stopping);
                }
                parcel.Record(trackingEvent);
                await WaitOutOutage(stopping);
                await webhook.Send(trackingEvent, stopping);
                if (settings.Duplicates)
                {
                    await webhook.Send(trackingEvent, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The journey of {TrackingNumber} broke off", parcel.TrackingNumber);
        }
    }

    /// <summary>The parcel's steps, one every <see cref="SandboxSettings.StepDelayMs"/> after registration.</summary>
    private static List<TrackingEvent> Plan(CarrierParcel parcel, SandboxSettings settings)
    {
        var step = TimeSpan.FromMilliseconds(Math.Max(0, settings.StepDelayMs));
        var steps = new List<(string Status, string Location, string? Reason)>
        {
            (CarrierStatus.PickedUp, $"Pick-up point, {parcel.City}", null),
            (CarrierStatus.InTransit, $"Sorting centre, {parcel.City}", null),
            (CarrierStatus.OutForDelivery, $"Delivery van, {parcel.City}", null),
            settings.FailDelivery
                ? (CarrierStatus.DeliveryFailed, $"Recipient's address, {parcel.City}", "Recipient not at home after three attempts")
                : (CarrierStatus.Delivered, $"Recipient's address, {parcel.City}", null),
        };
        return steps.Select((s, i) => new TrackingEvent(Guid.NewGuid(), parcel.TrackingNumber, parcel.Reference, i + 1, s.Status,
            parcel.RegisteredAt + step * (i + 1), s.Location, s.Reason)).ToList();
    }

    /// <summary>Holds each odd event back until its successor has happened, then sends the successor first.</summary>
    private static List<(TrackingEvent Event, DateTimeOffset SendAt)> SwapPairs(List<TrackingEvent> plan)
    {
        var swapped = new List<(TrackingEvent, DateTimeOffset)>(plan.Count);
        for (var i = 0; i < plan.Count; i += 2)
        {
            if (i + 1 < plan.Count)
            {
                swapped.Add((plan[i + 1], plan[i + 1].OccurredAt));
                swapped.Add((plan[i], plan[i + 1].OccurredAt));
            }
            else
            {
                swapped.Add((plan[i], plan[i].OccurredAt));
            }
        }
        return swapped;
    }

    private async Task WaitOutOutage(CancellationToken stopping)
    {
        while (mode.Current.Outage)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, stopping);
        }
    }
}
