import MarkdownIt from 'markdown-it';

/**
 * Markdown as the report reads it: raw HTML off (what users typed is never markup), no
 * automatic links (a finding's URL stays as written), typographic quotes off so the three
 * languages keep the quotes their authors chose.
 */
export const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

// Links in a report point outward; only web and mail addresses are kept as links.
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

export const markdownToHtml = (text: string): string => md.render(text);

export const parseMarkdown = (text: string) => md.parse(text, {});
