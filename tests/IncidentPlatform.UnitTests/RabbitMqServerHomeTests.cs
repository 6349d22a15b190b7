using static IncidentPlatform.AppHost.Hosting.RabbitMqServerHome;

namespace IncidentPlatform.UnitTests;

public sealed class RabbitMqServerHomeTests
{
    [Fact]
    public void An_application_resource_file_names_what_it_depends_on_and_includes()
    {
        const string resourceFile = """
            {application, 'rabbitmq_web_dispatch', [
            	{description, "RabbitMQ Web Dispatcher"},
            	{modules, ['rabbit_web_dispatch', 'rabbit_cowboy_middleware']},
            	{applications, [kernel,stdlib,
            	  inets, 'rabbit_common',cowboy]},
            	{included_applications, [cowlib]},
            	{env, [{applications, ignored}]}
            ]}.
            """;

        Assert.Equal(["kernel", "stdlib", "inets", "rabbit_common", "cowboy", "cowlib"], DependenciesIn(resourceFile));
    }

    [Fact]
    public void The_node_needs_the_broker_its_plugins_and_what_they_depend_on_and_nothing_else()
    {
        Dictionary<string, InstalledApplication> installed = new()
        {
            ["rabbit"] = new("/plugins/rabbit-3.10.8", ["kernel", "rabbit_common", "ra"]),
            ["rabbit_common"] = new("/plugins/rabbit_common-3.10.8", ["kernel", "jsx"]),
            ["ra"] = new("/plugins/ra-2.2.0", ["aten", "rabbit_common"]),
            ["aten"] = new("/plugins/aten-0.5.8", []),
            ["jsx"] = new("/plugins/jsx-3.1.0", []),
            ["rabbitmq_management"] = new("/plugins/rabbitmq_management-3.10.8", ["rabbit", "cowboy"]),
            ["cowboy"] = new("/plugins/cowboy-2.8.0", ["ranch"]),
            ["ranch"] = new("/plugins/ranch-2.1.0", []),
            ["rabbitmq_mqtt"] = new("/plugins/rabbitmq_mqtt-3.10.8", ["rabbit", "ranch"]),
            ["gun"] = new("/plugins/gun-1.3.3", []),
        };

        var needed = Closure(["rabbit", "rabbitmq_management"], installed);

        Assert.NotNull(needed);
        Assert.Equal(["aten", "cowboy", "jsx", "ra", "rabbit", "rabbit_common", "rabbitmq_management", "ranch"], needed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_plugin_that_is_not_installed_leaves_the_installed_home_in_use()
    {
        Dictionary<string, InstalledApplication> installed = new() { ["rabbit"] = new("/plugins/rabbit-3.10.8", []) };

        Assert.Null(Closure(["rabbit", "rabbitmq_management"], installed));
    }
}

public sealed class RabbitMqServerHomePreparationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rabbitmq-home-").FullName;

    [Fact]
    public void The_home_links_the_needed_applications_and_copies_the_scripts_of_the_installed_server_replacing_a_previous_home()
    {
        var installed = Path.Combine(_root, "usr", "lib", "rabbitmq_server-3.10.8");
        var script = WriteFile(Path.Combine(installed, "sbin", "rabbitmq-server"), "#!/bin/sh\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteFile(Path.Combine(installed, "sbin", "rabbitmq-env"), "");
        WriteApplication(installed, "rabbit-3.10.8", "rabbit", "kernel, ranch");
        WriteApplication(installed, "ranch-2.1.0", "ranch", "kernel");
        WriteApplication(installed, "rabbitmq_management-3.10.8", "rabbitmq_management", "rabbit");
        WriteApplication(installed, "rabbitmq_mqtt-3.10.8", "rabbitmq_mqtt", "rabbit");
        var linkedScript = Path.Combine(_root, "bin", "rabbitmq-server");
        Directory.CreateDirectory(Path.GetDirectoryName(linkedScript)!);
        File.CreateSymbolicLink(linkedScript, script);
        var home = Path.Combine(_root, "state", "server");
        Prepare(linkedScript, home, ["rabbitmq_management", "rabbitmq_mqtt"]); // a previous start's home, with one more plugin

        var server = Prepare(linkedScript, home, ["rabbitmq_management"]);

        Assert.Equal(Path.Combine(home, "sbin", "rabbitmq-server"), server);
        Assert.True(File.GetUnixFileMode(server!).HasFlag(UnixFileMode.UserExecute));
        Assert.True(File.Exists(Path.Combine(home, "sbin", "rabbitmq-env")));
        Assert.Equal(["rabbit-3.10.8", "rabbitmq_management-3.10.8", "ranch-2.1.0"],
            Directory.GetFileSystemEntries(Path.Combine(home, "plugins")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(Path.Combine(installed, "plugins", "rabbit-3.10.8"), new DirectoryInfo(Path.Combine(home, "plugins", "rabbit-3.10.8")).LinkTarget);
    }

    [Fact]
    public void An_installation_laid_out_otherwise_runs_as_installed()
    {
        var script = WriteFile(Path.Combine(_root, "opt", "rabbitmq", "rabbitmq-server"), "#!/bin/sh\n");

        Assert.Null(Prepare(script, Path.Combine(_root, "state", "server"), ["rabbitmq_management"]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static void WriteApplication(string installed, string folder, string name, string dependencies) =>
        WriteFile(Path.Combine(installed, "plugins", folder, "ebin", $"{name}.app"), $"{{application, '{name}', [{{applications, [{dependencies}]}}]}}.");
}
