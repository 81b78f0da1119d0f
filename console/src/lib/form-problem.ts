/** A problem in a form, named the way the form shows it (the field, the row, what to fix). */
export class FormProblem extends Error {}
