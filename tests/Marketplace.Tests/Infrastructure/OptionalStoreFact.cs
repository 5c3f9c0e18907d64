using Xunit.Abstractions;
using Xunit.Sdk;

namespace Marketplace.Tests.Infrastructure;

/// <summary>
/// Marks a test class that needs a store this machine cannot run (Elasticsearch, MongoDB…): its
/// <see cref="StoreFactAttribute"/> tests run when <see cref="Variable"/> is set and are skipped, with the
/// reason, when it is not. Lets one contract suite in an abstract base run against every engine.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresStoreAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

/// <summary>A fact that is skipped when its class's <see cref="RequiresStoreAttribute"/> variable is unset.</summary>
[XunitTestCaseDiscoverer("Marketplace.Tests.Infrastructure.StoreFactDiscoverer", "Marketplace.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
    [
        new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod),
    ];
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute)
    {
        var requirement = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresStoreAttribute)).FirstOrDefault();
        var variable = requirement?.GetConstructorArguments().FirstOrDefault() as string;
        return variable is not null && TestStores.Optional(variable) is null
            ? $"{variable} is not set: this store cannot run on this machine; set it to a server's URL to run these tests."
            : base.GetSkipReason(factAttribute);
    }
}
