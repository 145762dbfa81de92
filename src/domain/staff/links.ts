// Links offered to a guest after a chat: an external survey (PARAKEET_SURVEY_URL) instead of the built-in one.

/** The survey URL for a chat: {chat} is replaced, URL-encoded. */
export function surveyLink(template: string, chatId: string): string {
  return template.replaceAll('{chat}', encodeURIComponent(chatId));
}

/** A survey template must be absolute http(s) and name the chat. */
export function validSurveyTemplate(template: string): boolean {
  return template === '' || (/^https?:\/\/\S+$/.test(template) && template.includes('{chat}'));
}

/** The forum's new-question page with the question prefilled: {question} is replaced, URL-encoded. */
export function forumLink(template: string, question: string): string {
  return template.replaceAll('{question}', encodeURIComponent(question));
}
