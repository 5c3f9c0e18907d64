namespace Marketplace.Grains.Common;

public static class GrainReminders
{
    /// <summary>Removes one of the grain's reminders if it is registered (a no-op otherwise, so it is safe to repeat).</summary>
    public static async Task StopReminder(this Grain grain, string reminderName)
    {
        if (await grain.GetReminder(reminderName) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
