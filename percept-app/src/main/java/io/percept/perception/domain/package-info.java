/** The text perception's plain-Java core: the keywords of a Chinese or English text, found with HanLP. */
package io.percept.perception.domain;
