using System.Threading;
using System.Threading.Tasks;
using Saperly.Migration.Analyzers.Model;
using Saperly.Migration.Analyzers.Rules;
using Saperly.Migration.CodeFixes.Calls;
using Saperly.Migration.CodeFixes.Requests;

namespace Saperly.Migration.CodeFixes.Idempotency
{
    /// <summary>
    /// What SAP003 and SAP009 want: one fresh Idempotency-Key per operation, sent with the call. The key is a local
    /// declared where the analyzer says (<see cref="CallLocations.KeyAnchor"/>: above a retry loop or retry-policy lambda,
    /// so that retries resend it), or made in place where there is no such point; the call's shape sends it.
    /// </summary>
    internal static class IdempotencyFix
    {
        public static Task<bool> ApplyAsync(CallEdit edit, CancellationToken cancellationToken)
        {
            var call = edit.Call;
            var editor = RequestEditor.For(edit.Target.Property(CallProperties.Shape));
            if (call == null || editor == null)
            {
                return Task.FromResult(false);
            }

            var anchor = edit.InsertionPointAt(CallLocations.KeyAnchor);
            var site = anchor == null ? null : edit.SiteAt(anchor);
            var key = site == null ? edit.FreshKey(call) : edit.Declare(site, "idempotencyKey", edit.FreshKey(site.Node));
            return editor.AddHeaderAsync(edit, SaperlyApi.IdempotencyHeader, key, cancellationToken);
        }
    }
}
