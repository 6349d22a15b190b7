[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("IncidentPlatform.UnitTests")]
