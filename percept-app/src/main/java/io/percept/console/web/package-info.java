/**
 * The console's pages and their JSON API, the language switch (cookie, {@code ?lang=}, browser
 * preference) and the layout's templates under {@code templates/console}.
 */
package io.percept.console.web;
