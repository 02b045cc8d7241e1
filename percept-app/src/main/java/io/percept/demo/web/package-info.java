/** The demo's API: the live stream's state, stopping and starting it. */
package io.percept.demo.web;
