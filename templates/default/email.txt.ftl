<#-- The default tidings theme: plaintext email. tidings wraps every line at 72 columns afterwards,
     keeping "> " quote prefixes and never breaking a URL, so write paragraphs as single lines. -->
${newsletter.name} · ${issue.date_long}
<#if links.web_version?has_content>View in your browser: <${links.web_version}>
</#if>

${issue.title}
${""?left_pad(issue.title?length, "=")}
<#if issue.standfirst?has_content>

${issue.standfirst}
</#if>
<#if issue.author??>

By ${issue.author.name}
</#if>
<#if subscriber.greeting?has_content>

${subscriber.greeting}
</#if>
<#if issue.intro?has_content>

${issue.intro}
</#if>
<#list issue.items as item>


${item.number}. ${item.title}
<${item.url}>
<#if item.author?has_content || item.source?has_content>
<#if item.author?has_content>${item.author}</#if><#if item.author?has_content && item.source?has_content> · </#if><#if item.source?has_content>${item.source}</#if>
</#if>
<#if item.image??>
[${item.image.alt}] <${item.image.url}>
</#if>
<#if item.summary?has_content>

${item.summary}
</#if>
<#list item.quotes as quote>

> ${quote}
</#list>
<#if item.comment?has_content>

${item.comment}
</#if>
</#list>
<#if issue.closing?has_content>


${issue.closing}
</#if>
<#list issue.callouts as callout>


** ${callout.heading} **
<#if callout.body?has_content>

${callout.body}
</#if>
<#if callout.event??>

When: ${callout.event.when}
<#if callout.event.location?has_content>
Where: ${callout.event.location}
</#if>
<#if callout.event.url?has_content>
<${callout.event.url}>
</#if>
<#if callout.event.calendar_url?has_content>
Add to calendar: <${callout.event.calendar_url}>
<#else>
Add to calendar: open the attached ${callout.event.calendar_file}
</#if>
</#if>
<#if callout.link??>

${callout.link.text}: <${callout.link.url}>
</#if>
</#list>
<#list issue.sections as section>


${section.heading}
<#list section.links as link>
- ${link.title}
  <${link.url}>
</#list>
</#list>
<#if issue.author?? && issue.author.bio?has_content>


About the author

${issue.author.bio}
</#if>

-- 
<#if newsletter.footer?has_content>
${newsletter.footer}

</#if>
You are receiving this email because ${subscriber.email} is subscribed to ${newsletter.name}.
Unsubscribe: <${links.unsubscribe}>
<#if newsletter.website?has_content>
${newsletter.name}: <${newsletter.website}>
</#if>
${newsletter.postal_address}
