package com.customertimeline.privacy.web;

import com.customertimeline.domain.privacy.PersonalData;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractDialect;
import org.thymeleaf.dialect.IPostProcessorDialect;
import org.thymeleaf.engine.AbstractTemplateHandler;
import org.thymeleaf.model.IAttribute;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IOpenElementTag;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.model.IStandaloneElementTag;
import org.thymeleaf.model.IText;
import org.thymeleaf.postprocessor.IPostProcessor;
import org.thymeleaf.postprocessor.PostProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * The workspace's pages show an erased customer's personal texts as the localised placeholder, in text
 * and in attribute values (titles, form values) alike, whichever template printed them: one rule for
 * every page instead of a check in each template. Spring Boot adds dialect beans to its template engine.
 */
@Component
public class ErasedPlaceholderDialect extends AbstractDialect implements IPostProcessorDialect {

    public ErasedPlaceholderDialect() {
        super("erased-placeholders");
    }

    @Override
    public int getDialectPostProcessorPrecedence() {
        return 1000;
    }

    @Override
    public Set<IPostProcessor> getPostProcessors() {
        return Set.of(new PostProcessor(TemplateMode.HTML, Replacing.class, 1000));
    }

    /** Replaces the marker in the page's output; made by Thymeleaf for each page. */
    public static final class Replacing extends AbstractTemplateHandler {

        private String placeholder;
        private IModelFactory models;

        public Replacing() {
            super();
        }

        @Override
        public void setContext(ITemplateContext context) {
            super.setContext(context);
            this.placeholder = context.getMessage(Replacing.class, ErasedPlaceholders.MESSAGE, new Object[0], false);
            if (placeholder == null) {
                placeholder = "[personal data erased]";
            }
            this.models = context.getModelFactory();
        }

        @Override
        public void handleText(IText text) {
            String content = text.getText();
            if (content.contains(PersonalData.ERASED)) {
                super.handleText(models.createText(content.replace(PersonalData.ERASED, placeholder)));
            } else {
                super.handleText(text);
            }
        }

        @Override
        public void handleStandaloneElement(IStandaloneElementTag tag) {
            super.handleStandaloneElement(replaced(tag));
        }

        @Override
        public void handleOpenElement(IOpenElementTag tag) {
            super.handleOpenElement(replaced(tag));
        }

        private <T extends IProcessableElementTag> T replaced(T tag) {
            T result = tag;
            for (IAttribute attribute : tag.getAllAttributes()) {
                String value = attribute.getValue();
                if (value != null && value.contains(PersonalData.ERASED)) {
                    result = models.replaceAttribute(
                            result,
                            attribute.getAttributeDefinition().getAttributeName(),
                            attribute.getAttributeCompleteName(),
                            value.replace(PersonalData.ERASED, placeholder));
                }
            }
            return result;
        }
    }
}
