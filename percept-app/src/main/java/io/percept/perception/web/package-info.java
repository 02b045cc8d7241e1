/** The text and voice-of-the-customer JSON API: ad-hoc analysis, topics, trends, quotes, themes, satisfaction. */
package io.percept.perception.web;
