package io.percept.console.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a controller of console pages: {@link ConsoleLayout} gives its views the layout's model and its bad requests a 400 page. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface ConsolePage {
}
