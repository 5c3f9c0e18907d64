using Marketplace.Operations;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace Marketplace.Grains.Operations;

/// <summary>
/// Writes and reads a record in the store its key names. Placed on the silo that first calls it, so a silo's health
/// check round-trips through that silo's own storage providers.
/// </summary>
[PreferLocalPlacement]
public sealed class StorageProbeGrain : Grain, IStorageProbeGrain
{
    private readonly IPersistentState<ProbeState> _state;
    private readonly ILocalSiloDetails _silo;
    private readonly TimeProvider _clock;

    public StorageProbeGrain(IGrainContext context, IPersistentStateFactory stateFactory, ILocalSiloDetails silo, TimeProvider clock)
    {
        _silo = silo;
        _clock = clock;
        // The key is "<store>/<probe>": it names the storage provider under test, so one grain class covers every store.
        var storageName = context.GrainId.Key.ToString()!.Split('/')[0];
        _state = stateFactory.Create<ProbeState>(context, new PersistentStateAttribute("probe", storageName));
    }

    public async Task<StorageProbeRecord> Write(string value)
    {
        _state.State.Record = new StorageProbeRecord(value, _clock.GetUtcNow(), _silo.SiloAddress.ToString());
        await _state.WriteStateAsync();
        return _state.State.Record;
    }

    public Task<string> Silo() => Task.FromResult(_silo.SiloAddress.ToString());

    public async Task<StorageProbeRecord?> Read()
    {
        await _state.ReadStateAsync();
        return _state.State.Record;
    }

    [GenerateSerializer]
    public sealed class ProbeState
    {
        [Id(0)] public StorageProbeRecord? Record { get; set; }
    }
}

[StatelessWorker]
public sealed class ClusterProbeGrain(ILocalSiloDetails silo) : Grain, IClusterProbeGrain
{
    public Task<string> Ping() => Task.FromResult(silo.SiloAddress.ToString());
}
