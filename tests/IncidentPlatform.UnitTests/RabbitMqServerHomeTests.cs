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
