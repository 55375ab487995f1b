package com.customertimeline.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every label of the workspace exists in English and in Simplified Chinese, and none is left empty. */
class WorkspaceMessagesTest {

    @Test
    void englishAndChineseHaveTheSameKeysAndNoEmptyText() throws IOException {
        Properties english = load("i18n/workspace.properties");
        Properties chinese = load("i18n/workspace_zh_CN.properties");

        assertThat(chinese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        assertThat(english.stringPropertyNames()).allSatisfy(key -> {
            assertThat(english.getProperty(key)).as(key).isNotBlank();
            assertThat(chinese.getProperty(key)).as(key).isNotBlank();
        });
    }

    @Test
    void theErasureTextsAreTranslated() throws IOException {
        Properties chinese = load("i18n/workspace_zh_CN.properties");

        assertThat(chinese.getProperty("customer.erased")).contains("个人数据").contains("{0}");
        assertThat(chinese.getProperty("integrity.result.resealed")).contains("{0,number,integer}");
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = WorkspaceMessagesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
