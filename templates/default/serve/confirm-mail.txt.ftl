<#-- The default tidings theme: the plain text of the confirmation email (tidings serve). -->
${newsletter.name}

Someone, hopefully you, asked to subscribe ${subscriber.email} to ${newsletter.name}.

Confirm your subscription here:
${link.confirm}

The link works for ${link.expires_days} days. If you did not ask, ignore this email:
nothing happens without the click, and you will not hear from us again.

${newsletter.postal_address}
