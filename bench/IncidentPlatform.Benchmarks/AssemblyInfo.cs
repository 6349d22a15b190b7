// Reads /proc and signals AppHost with kill(1), as AppHost itself only runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
