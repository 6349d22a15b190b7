// AppHost runs Debian's PostgreSQL and RabbitMQ binaries and signals processes with kill(2): Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("IncidentPlatform.UnitTests")]
