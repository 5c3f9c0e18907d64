using System.Collections.Concurrent;

namespace Marketplace.External.Carrier;

/// <summary>
/// Moves each registered parcel through its journey and reports every step to the merchant's webhook, misbehaving the way
/// the parcel's <see cref="SandboxSettings"/> say: duplicates, swapped pairs, a failed delivery. During an outage the
/// callbacks wait, as a real carrier's queue would.
/// </summary>
public sealed class JourneyRunner(WebhookSender webhook, SandboxMode mode, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<JourneyRunner> logger)
{
    private readonly ConcurrentDictionary<string, Task> _running = new();

    public void Start(CarrierParcel parcel, SandboxSettings settings)
    {
        var journey = Task.Run(() => Run(parcel, settings, lifetime.ApplicationStopping));
        _running[parcel.TrackingNumber] = journey;
        _ = journey.ContinueWith(_ => _running.TryRemove(parcel.TrackingNumber, out Task? _), TaskScheduler.Default);
    }

    private async Task Run(CarrierParcel parcel, SandboxSettings settings, CancellationToken stopping)
    {
        try
        {
            var step = TimeSpan.FromMilliseconds(Math.Max(0, settings.StepDelayMs));
            var plan = Plan(parcel, settings);
            var steps = settings.Reorder ? SwapPairs(plan) : plan;
            foreach (var trackingEvent in steps)
            {
                await Task.Delay(step, clock, stopping);
                // An event happens when its step comes, even when a swapped pair sends it later.
                var happened = trackingEvent with { OccurredAt = parcel.RegisteredAt + step * trackingEvent.Sequence };
                parcel.Record(happened);
                await WaitOutOutage(stopping);
                await webhook.Send(happened, stopping);
                if (settings.Duplicates)
                {
                    await webhook.Send(happened, stopping);
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

    private static List<TrackingEvent> Plan(CarrierParcel parcel, SandboxSettings settings)
    {
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
            parcel.RegisteredAt, s.Location, s.Reason)).ToList();
    }

    private static List<TrackingEvent> SwapPairs(List<TrackingEvent> plan)
    {
        var swapped = new List<TrackingEvent>(plan.Count);
        for (var i = 0; i < plan.Count; i += 2)
        {
            if (i + 1 < plan.Count)
            {
                swapped.Add(plan[i + 1]);
            }
            swapped.Add(plan[i]);
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
