using Xunit.Abstractions;
using Xunit.Sdk;

namespace Marketplace.Tests.Payments;

/// <summary>
/// A store contract test: it runs on every store, except on a store whose test class is marked
/// <see cref="RequiresStoreAttribute"/> and whose server is not configured here; that one is skipped with the reason.
/// </summary>
[XunitTestCaseDiscoverer("Marketplace.Tests.Payments.StoreFactDiscoverer", "Marketplace.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>The store under test runs only where <paramref name="variable"/> names its server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresStoreAttribute(string variable) : Attribute
{
    public string Variable { get; } = variable;
}

public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new StoreTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("For deserialisation only.")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnostics, display, displayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var requires = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresStoreAttribute)).FirstOrDefault();
        var variable = requires?.GetConstructorArguments().FirstOrDefault() as string;
        return variable is null || Environment.GetEnvironmentVariable(variable) is { Length: > 0 }
            ? base.GetSkipReason(factAttribute)
            : $"{variable} is not set: this store's server cannot run on this machine. Set it to run the contract here.";
    }
}
