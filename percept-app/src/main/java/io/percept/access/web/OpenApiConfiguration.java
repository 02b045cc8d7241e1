package io.percept.access.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and its two ways in, so Swagger UI's "Authorize" takes the admin token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI perceptOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Percept API").description("""
                        The JSON API behind the console. Send the admin token (Authorization: Bearer) or use a console \
                        session (cookie PERCEPT_SESSION, and the CSRF token from GET /api/session in header X-CSRF-TOKEN \
                        on POST, PUT, PATCH and DELETE). Which role may call what: docs/access.md."""))
                .components(new Components()
                        .addSecuritySchemes("adminToken", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("PERCEPT_ADMIN_TOKEN or <data-dir>/admin-token; acts as role ADMIN"))
                        .addSecuritySchemes("session", new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.COOKIE)
                                .name("PERCEPT_SESSION").description("a console login at /login")))
                .addSecurityItem(new SecurityRequirement().addList("adminToken"))
                .addSecurityItem(new SecurityRequirement().addList("session"));
    }
}
