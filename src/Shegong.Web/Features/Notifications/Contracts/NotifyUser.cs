using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Shegong.Domain.Notifications;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Notifications.Contracts;

/// <summary>
/// Tells a person something: an in-app notification for a user account (saved with the caller's next save), and an
/// e-mail when <c>Smtp:Host</c> is configured. Mail is best effort: a failure is logged and never undoes the work
/// that caused it. Settings: <c>Smtp:Host</c>, <c>Smtp:Port</c> (587), <c>Smtp:User</c>, <c>Smtp:Password</c>,
/// <c>Smtp:From</c>.
/// </summary>
public static class NotifyUser
{
    public sealed class Handler(ShegongDbContext db, IConfiguration config, ILogger<Handler> log)
    {
        public void Add(Guid userId, string title, string body, string link) =>
            db.Notifications.Add(Notification.Create(userId, Trim(title, Notification.TitleMax), Trim(body, Notification.BodyMax), link, DateTime.UtcNow));

        public bool MailConfigured => !string.IsNullOrWhiteSpace(config["Smtp:Host"]);

        /// <summary>Sends an e-mail if SMTP is configured and the address is known; returns whether it was sent.</summary>
        public async Task<bool> MailAsync(string? to, string subject, string body, CancellationToken ct = default)
        {
            if (!MailConfigured || string.IsNullOrWhiteSpace(to)) return false;
            try
            {
                var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(config["Smtp:From"] ?? "noreply@shegong.local"));
                message.To.Add(MailboxAddress.Parse(to));
                message.Subject = subject;
                message.Body = new TextPart("plain") { Text = body };
                using var client = new SmtpClient { Timeout = 10_000 };
                await client.ConnectAsync(config["Smtp:Host"]!, config.GetValue("Smtp:Port", 587), SecureSocketOptions.Auto, ct);
                if (config["Smtp:User"] is { Length: > 0 } user) await client.AuthenticateAsync(user, config["Smtp:Password"] ?? "", ct);
                await client.SendAsync(message, ct);
                await client.DisconnectAsync(true, ct);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Mail to a donor could not be sent ({Subject})", subject);
                return false;
            }
        }

        private static string Trim(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
    }
}
