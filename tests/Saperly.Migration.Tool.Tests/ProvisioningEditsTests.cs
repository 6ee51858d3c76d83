using System.Linq;
using Saperly.Migration.Tool.Wiring;
using Xunit;

namespace Saperly.Migration.Tool.Tests;

/// <summary>
/// Issue 24: the service key beside the API key in each kind of provisioning file, as a minimal insertion (every other
/// byte kept), referencing a secret named like the API key's or empty, never a value; what cannot be inserted safely is
/// a line to add by hand; key literals are found and redacted.
/// </summary>
public sealed class ProvisioningEditsTests
{
    private const string Svc = "SAPERLY_SERVICE_KEY";

    [Fact]
    public void Env_file_gets_an_empty_service_key_after_the_api_key_with_a_comment_when_its_entries_have_them()
    {
        const string text = "# Base address.\nSAPERLY_BASE_URL=https://saperly.com/api/\n# Regular API key.\nSAPERLY_API_KEY=sk_test_replace_me\nOTHER=1\n";

        var result = ProvisioningEdits.Env(text, wire: true);

        Assert.Equal(
            "# Base address.\nSAPERLY_BASE_URL=https://saperly.com/api/\n# Regular API key.\nSAPERLY_API_KEY=sk_test_replace_me\n" +
            "# Service key (sk_svc_test_... or sk_svc_live_...): key management on /v1/keys only; never for calls or SMS.\n" +
            Svc + "=\nOTHER=1\n",
            result.NewText);
        Assert.Empty(result.Secrets); // a placeholder is no key
        Assert.Null(ProvisioningEdits.Env(result.NewText!, wire: true).NewText);
    }

    [Fact]
    public void Env_file_with_crlf_and_no_final_newline_keeps_both_and_a_real_key_is_a_redacted_finding()
    {
        const string text = "export SAPERLY_API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\r\nSTRIPE_KEY=sk_live_51Habcdefghijklmnop";

        var result = ProvisioningEdits.Env(text, wire: true);

        Assert.Equal("export SAPERLY_API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\r\nexport " + Svc + "=\r\nSTRIPE_KEY=sk_live_51Habcdefghijklmnop", result.NewText);
        var secret = Assert.Single(result.Secrets); // Stripe's key on its own line is not Saperly's
        Assert.Equal((1, 24, "sk_live_…"), (secret.Line, secret.Column, secret.RedactedKey));
    }

    [Fact]
    public void Github_actions_and_compose_entries_reference_the_twin_secret()
    {
        const string workflow = """
            jobs:
              smoke:
                env:
                  SAPERLY_API_KEY: ${{ secrets.SAPERLY_API_KEY }}  # runtime calls
                steps:
                  - run: dotnet test

            """;
        const string compose = """
            services:
              agent:
                environment:
                  - SAPERLY_BASE_URL=https://saperly.com/api/
                  - "SAPERLY_API_KEY=${SAPERLY_API_KEY}"
              worker:
                environment:
                  - SAPERLY_API_KEY

            """;

        Assert.Equal(workflow.Replace("  # runtime calls\n", "  # runtime calls\n      " + Svc + ": ${{ secrets." + Svc + " }}\n"), ProvisioningEdits.Yaml(workflow, true, "x").NewText);
        Assert.Equal(
            compose.Replace("\"SAPERLY_API_KEY=${SAPERLY_API_KEY}\"\n", "\"SAPERLY_API_KEY=${SAPERLY_API_KEY}\"\n      - \"" + Svc + "=${" + Svc + "}\"\n")
                   .Replace("      - SAPERLY_API_KEY\n", "      - SAPERLY_API_KEY\n      - " + Svc + "\n"),
            ProvisioningEdits.Yaml(compose, true, "x").NewText);
    }

    [Fact]
    public void Kubernetes_env_item_is_copied_with_its_secret_key_swapped()
    {
        const string deployment = """
            spec:
              containers:
                - name: agent
                  env:
                    - name: SAPERLY_API_KEY
                      valueFrom:
                        secretKeyRef:
                          name: saperly
                          key: api-key
                    - name: LOG_LEVEL
                      value: info

            """;

        var result = ProvisioningEdits.Yaml(deployment, true, "x");

        Assert.Equal(deployment.Replace("""
                          key: api-key

            """, """
                          key: api-key
                    - name: SAPERLY_SERVICE_KEY
                      valueFrom:
                        secretKeyRef:
                          name: saperly
                          key: service-key

            """), result.NewText);
        Assert.Empty(result.Manual);
    }

    [Fact]
    public void Helm_values_get_a_service_key_beside_the_api_key_of_the_saperly_section_only()
    {
        const string values = """
            image: agent:1.0
            saperly:
              baseUrl: https://saperly.com/api/
              apiKey: ""   # set with --set saperly.apiKey=...
            stripe:
              apiKey: ""

            """;

        var result = ProvisioningEdits.Yaml(values, true, "x");

        Assert.Equal(values.Replace("# set with --set saperly.apiKey=...\n", "# set with --set saperly.apiKey=...\n  serviceKey: \"\"\n"), result.NewText);
        Assert.Null(ProvisioningEdits.Yaml(result.NewText!, true, "x").NewText);
    }

    [Fact]
    public void A_literal_value_or_a_secret_not_named_like_the_api_key_is_left_to_the_user_with_the_line_to_add()
    {
        const string deployment = """
            env:
              - name: SAPERLY_API_KEY
                value: sk_live_4eC39HqLyjWDarjtT1zdp7dc
            other:
              SAPERLY_API_KEY: ${{ secrets.PROD_TOKEN }}

            """;

        var result = ProvisioningEdits.Yaml(deployment, true, "${{ secrets.SAPERLY_SERVICE_KEY }}");

        Assert.Null(result.NewText);
        Assert.Collection(result.Manual,
            m => Assert.Equal((2, "  - name: " + Svc), (m.Line, m.LineToAdd)),
            m => Assert.Equal((5, "  " + Svc + ": ${{ secrets.SAPERLY_SERVICE_KEY }}"), (m.Line, m.LineToAdd)));
        var secret = Assert.Single(result.Secrets);
        Assert.Equal((3, 12), (secret.Line, secret.Column));
    }

    [Fact]
    public void Appsettings_gets_an_empty_twin_property_in_the_saperly_section_keeping_comments_and_commas()
    {
        const string text = """
            {
              // Saperly credentials come from the environment in production.
              "Saperly": {
                "BaseUrl": "https://saperly.com/api/",
                "ApiKey": "" // filled by the deployment
              },
              "Stripe": { "ApiKey": "sk_live_51Habcdefghijklmnop" },
            }
            """;

        var result = ProvisioningEdits.Json(text, wire: true);

        Assert.Equal(text.Replace("\"ApiKey\": \"\" // filled by the deployment\n", "\"ApiKey\": \"\", // filled by the deployment\n    \"ServiceKey\": \"\"\n"), result.NewText);
        Assert.Empty(result.Secrets);
        Assert.Null(ProvisioningEdits.Json(result.NewText!, wire: true).NewText);
    }

    [Fact]
    public void LaunchSettings_environment_variable_gets_its_twin_and_a_one_line_object_is_left_to_the_user()
    {
        const string launch = "{\r\n  \"profiles\": {\r\n    \"App\": {\r\n      \"environmentVariables\": {\r\n        \"SAPERLY_API_KEY\": \"sk_test_your_key_here\",\r\n        \"DOTNET_ENVIRONMENT\": \"Development\"\r\n      }\r\n    }\r\n  }\r\n}\r\n";
        const string oneLine = "{ \"Saperly\": { \"ApiKey\": \"sk_svc_live_9xQ2mB7rTz4LkP1vNc8sWd3h\" } }\n";

        Assert.Equal(launch.Replace("_here\",\r\n", "_here\",\r\n        \"" + Svc + "\": \"\",\r\n"), ProvisioningEdits.Json(launch, true).NewText);

        var unsafeEdit = ProvisioningEdits.Json(oneLine, true);
        Assert.Null(unsafeEdit.NewText);
        Assert.Equal((1, "\"ServiceKey\": \"\""), (unsafeEdit.Manual.Single().Line, unsafeEdit.Manual.Single().LineToAdd));
        Assert.Equal("sk_svc_live_…", unsafeEdit.Secrets.Single().RedactedKey);
    }

    [Fact]
    public void Nothing_is_inserted_where_the_code_does_not_need_the_service_key_but_keys_are_still_found()
    {
        const string text = "SAPERLY_API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n";

        var result = ProvisioningEdits.Env(text, wire: false);

        Assert.Null(result.NewText);
        Assert.Empty(result.Manual);
        Assert.Single(result.Secrets);
    }

    [Theory]
    [InlineData("sk_test_replace_me", true)]
    [InlineData("sk_live_your_key_here", true)]
    [InlineData("sk_svc_live_xxxxxxxx", true)]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", false)]
    [InlineData("sk_svc_test_9xQ2mB7rTz4LkP1vNc8sWd3h", false)]
    public void Placeholders_are_told_from_keys(string value, bool placeholder) =>
        Assert.Equal(placeholder, ProvisioningEdits.IsPlaceholder(value));
}
