using System.Runtime.InteropServices;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// Ctrl+C or SIGTERM cancels the benchmark instead of ending the process at once, so the AppHost it is
/// running still gets its SIGTERM and stops PostgreSQL, RabbitMQ and the services.
/// </summary>
public sealed class StopOnSignal : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopOnSignal() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];

    public CancellationToken Token => _stopping.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stopping.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _stopping.Cancel();
    }
}
