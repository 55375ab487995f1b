package com.customertimeline.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the service takes the caller to be: the first call to make with new credentials. */
@RestController
@Tag(name = "Sign-in")
public class MeController {

    @GetMapping("/api/v1/me")
    @Operation(summary = "The authenticated caller: principal, kind, roles, rep id and team")
    public Caller me() {
        return Caller.require();
    }
}
