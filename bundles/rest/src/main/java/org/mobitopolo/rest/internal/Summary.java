package org.mobitopolo.rest.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One line saying what a resource method does; it becomes the operation's summary in the OpenAPI description. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Summary {
    String value();
}
