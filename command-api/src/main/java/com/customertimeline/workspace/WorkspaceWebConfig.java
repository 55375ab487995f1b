package com.customertimeline.workspace;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The workspace's languages: English and Simplified Chinese. The browser's language decides until the
 * person picks one ({@code ?lang=zh-CN} on any page), which a cookie then keeps. Any Chinese variant is
 * shown in Simplified Chinese, any other language in English, so nobody meets a half-translated page.
 */
@Configuration
public class WorkspaceWebConfig implements WebMvcConfigurer {

    /** The languages every label and message exists in. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("timeline-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(WorkspaceWebConfig::fromBrowser);
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor() {
            @Override
            protected Locale parseLocaleValue(String value) {
                return supported(super.parseLocaleValue(value));
            }
        };
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change).addPathPatterns("/workspace", "/workspace/**");
    }

    private static Locale fromBrowser(HttpServletRequest request) {
        for (var languages = request.getLocales(); languages.hasMoreElements(); ) {
            Locale wanted = languages.nextElement();
            if ("zh".equals(wanted.getLanguage())) {
                return Locale.SIMPLIFIED_CHINESE;
            }
            if ("en".equals(wanted.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    /** The supported language closest to the one asked for. */
    static Locale supported(Locale wanted) {
        if (wanted != null && "zh".equals(wanted.getLanguage())) {
            return Locale.SIMPLIFIED_CHINESE;
        }
        return Locale.ENGLISH;
    }
}
