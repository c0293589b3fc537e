<#-- The default tidings theme: plaintext email. tidings wraps every line at 72 columns afterwards,
     keeping "> " quote prefixes and never breaking a URL, so write paragraphs as single lines. -->
${newsletter.name} · ${issue.date_long}
<#if links.web_version?has_content>${t.view_in_browser_text}${t.colon}<${links.web_version}>
</#if>

${issue.title}
${""?left_pad(issue.title_columns, "=")}
<#if issue.standfirst?has_content>

${issue.standfirst}
</#if>
<#if issue.author??>

${fill(t.by, {"author": issue.author.name})}
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

${t.when}${t.colon}${callout.event.when}
<#if callout.event.location?has_content>
${t.where}${t.colon}${callout.event.location}
</#if>
<#if callout.event.url?has_content>
<${callout.event.url}>
</#if>
<#if callout.event.calendar_url?has_content>
${t.add_to_calendar}${t.colon}<${callout.event.calendar_url}>
<#else>
${t.add_to_calendar}${t.colon}${fill(t.calendar_open_attached, {"file": callout.event.calendar_file})}
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


${t.about_author}

${issue.author.bio}
</#if>

-- 
<#if newsletter.footer?has_content>
${newsletter.footer}

</#if>
${fill(t.footer_reason, {"email": subscriber.email, "newsletter": newsletter.name})}
${t.unsubscribe}${t.colon}<${links.unsubscribe}>
<#if newsletter.website?has_content>
${newsletter.name}: <${newsletter.website}>
</#if>
${newsletter.postal_address}
