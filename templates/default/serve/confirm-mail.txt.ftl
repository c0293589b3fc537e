<#-- The default tidings theme: the plain text of the confirmation email (tidings serve). -->
${newsletter.name}

${fill(t.serve_mail_asked, {"email": subscriber.email, "newsletter": newsletter.name})}

${t.serve_mail_confirm_here}
${link.confirm}

${fill(t.serve_mail_expiry, {"days": link.expires_days})}
${t.serve_mail_ignore}

${newsletter.postal_address}
