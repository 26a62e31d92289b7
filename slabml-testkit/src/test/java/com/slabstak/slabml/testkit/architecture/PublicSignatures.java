/*
 * Copyright SlabML contributors. Licensed under the Apache License, Version 2.0.
 */
package com.slabstak.slabml.testkit.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the public signatures of compiled classes with reflection: which types a class exposes
 * through its supertypes, type parameters and public or protected constructors, methods and fields
 * (generic arguments, bounds, arrays and declared exceptions included).
 */
final class PublicSignatures {
    private PublicSignatures() {
    }

    /**
     * Loads (without initialising) every class in the output directory or jar that holds
     * {@code anchor}, in packages under {@code packagePrefix}.
     */
    static List<Class<?>> classesBeside(Class<?> anchor, String packagePrefix) {
        Path location;
        try {
            location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("class path entry of " + anchor, e);
        }
        String prefix = packagePrefix.replace('.', '/') + "/";
        List<String> entries = Files.isDirectory(location) ? directoryEntries(location) : jarEntries(location);
        List<Class<?>> classes = new ArrayList<>();
        for (String entry : entries) {
            if (entry.startsWith(prefix) && entry.endsWith(".class") && !entry.endsWith("module-info.class")
                && !entry.endsWith("package-info.class")) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                try {
                    classes.add(Class.forName(name, false, anchor.getClassLoader()));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name + " from " + location, e);
                }
            }
        }
        return classes;
    }

    private static List<String> directoryEntries(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> jarEntries(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** True when the class and every class enclosing it are public. */
    static boolean isPublicApi(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns one line per place where {@code type}'s public signature mentions a class whose name
     * matches {@code forbidden}, as {@code "Owner.member: forbidden.Type"}.
     */
    static List<String> violations(Class<?> type, Predicate<String> forbidden) {
        Set<String> found = new TreeSet<>();
        String owner = type.getName();
        check(found, owner + " (type parameter)", forbidden, type.getTypeParameters());
        check(found, owner + " (supertype)", forbidden, type.getGenericSuperclass());
        check(found, owner + " (supertype)", forbidden, type.getGenericInterfaces());
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                checkExecutable(found, owner + ".<init>", forbidden, c);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !m.isBridge()) {
                checkExecutable(found, owner + "." + m.getName(), forbidden, m);
                check(found, owner + "." + m.getName(), forbidden, m.getGenericReturnType());
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                check(found, owner + "." + f.getName(), forbidden, f.getGenericType());
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean visible(Member member) {
        int m = member.getModifiers();
        return !member.isSynthetic() && (Modifier.isPublic(m) || Modifier.isProtected(m));
    }

    private static void checkExecutable(Set<String> found, String where, Predicate<String> forbidden, Executable e) {
        check(found, where, forbidden, e.getTypeParameters());
        check(found, where, forbidden, e.getGenericParameterTypes());
        check(found, where, forbidden, e.getGenericExceptionTypes());
    }

    private static void check(Set<String> found, String where, Predicate<String> forbidden, Type... types) {
        for (Type t : types) {
            if (t != null) {
                for (Class<?> c : mentioned(t)) {
                    if (forbidden.test(c.getName())) {
                        found.add(where + ": " + c.getName());
                    }
                }
            }
        }
    }

    /** Every class a type mentions: itself, its generic arguments, bounds and array components. */
    static Set<Class<?>> mentioned(Type type) {
        Set<Class<?>> out = new HashSet<>();
        collect(type, out, new HashSet<>());
        return out;
    }

    private static void collect(Type type, Set<Class<?>> out, Set<TypeVariable<?>> seen) {
        if (type instanceof Class) {
            Class<?> c = (Class<?>) type;
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive()) {
                out.add(c);
            }
        } else if (type instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) type;
            collect(p.getRawType(), out, seen);
            if (p.getOwnerType() != null) {
                collect(p.getOwnerType(), out, seen);
            }
            for (Type a : p.getActualTypeArguments()) {
                collect(a, out, seen);
            }
        } else if (type instanceof GenericArrayType) {
            collect(((GenericArrayType) type).getGenericComponentType(), out, seen);
        } else if (type instanceof WildcardType) {
            WildcardType w = (WildcardType) type;
            for (Type b : w.getUpperBounds()) {
                collect(b, out, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, out, seen);
            }
        } else if (type instanceof TypeVariable) {
            TypeVariable<?> v = (TypeVariable<?>) type;
            if (seen.add(v)) {
                for (Type b : v.getBounds()) {
                    collect(b, out, seen);
                }
            }
        }
    }
}
