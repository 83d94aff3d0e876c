import { defineErrors } from '../core/graphql/errors';

/**
 * The codes of `rekisteri` CLI failures that are not an application error (those keep their own code,
 * e.g. BAD_USER_INPUT): what `--json` prints as `error.code`. The CLI's messages are its own, per failure.
 */
export const cliErrors = defineErrors('cli', ['USAGE', 'CONFIGURATION', 'INTERNAL'], {
  USAGE: 'The command line is not valid; see --help',
  CONFIGURATION: 'The configuration is not valid',
  INTERNAL: "Unexpected error; see the database server's log",
});
