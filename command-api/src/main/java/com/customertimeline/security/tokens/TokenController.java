package com.customertimeline.security.tokens;

import com.customertimeline.api.InvalidRequestException;
import com.customertimeline.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The embedded default's token endpoint, in the shape of OAuth2's client-credentials grant: the caller
 * authenticates with HTTP Basic (client id and secret, or a person's name and password) and receives a
 * bearer token. Only mounted when {@code timeline.security.mode=embedded}.
 */
@RestController
@ConditionalOnProperty(name = "timeline.security.mode", havingValue = "embedded", matchIfMissing = true)
@RequestMapping("/api/v1/auth")
@Tag(name = "Sign-in")
public class TokenController {

    private final EmbeddedTokenIssuer issuer;

    public TokenController(EmbeddedTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @PostMapping(path = "/token")
    @Operation(
            summary = "Trade HTTP Basic credentials for a bearer token (grant_type=client_credentials)",
            security = @SecurityRequirement(name = "basic"))
    public ResponseEntity<EmbeddedTokenIssuer.IssuedToken> token(
            @RequestParam(name = "grant_type", defaultValue = "client_credentials") String grantType,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!"client_credentials".equals(grantType)) {
            throw new InvalidRequestException("grant_type", "only client_credentials is supported");
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            // a token must not buy a fresh token: a stolen one would otherwise never expire
            throw new InvalidRequestException(
                    HttpHeaders.AUTHORIZATION, "authenticate with HTTP Basic (id and secret), not a token");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(issuer.issue(Caller.require()));
    }
}
