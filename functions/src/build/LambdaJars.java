import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Two steps of the Lambda package build (functions/pom.xml runs this file in source-file mode at {@code package};
 * it is never compiled into, or shipped with, the functions):
 *
 * <pre>
 * strip-bridges IN OUT   copy each jar of IN to OUT without the bridge methods of AWS SDK model interfaces
 * store IN OUT           copy each jar of IN to OUT as it is
 *
 * Both write every entry stored (not compressed).
 * </pre>
 *
 * <p><b>strip-bridges</b>, before ProGuard: every {@code XxxRequest.Builder} interface re-declares
 * {@code AwsRequest.Builder.overrideConfiguration} with a covariant return type, so javac gives it default
 * bridge methods. The SDK calls {@code overrideConfiguration} on every request, and ProGuard then marks the
 * default methods of all sub-interfaces as used (whether anything implements them or not); through the builder's
 * InnerClasses entry that keeps every request class of a service and all they reference (two thirds of the EC2
 * model). The bridges are dead code: the generated {@code BuilderImpl} classes, the only implementations, carry
 * their own bridges, so the JVM never selects an interface's.
 *
 * <p><b>store</b>, after ProGuard: the package is zipped as a whole (by {@code sam build}/{@code sam deploy}),
 * and deflating each jar as one stream compresses the many similar class files far better than deflating them
 * one by one inside the jar (about 30% smaller); the JVM also reads stored entries without inflating them.
 */
public final class LambdaJars {

    /** Only the service model packages: nothing else needs it, so nothing else is touched. */
    private static final String MODEL_CLASS = "software/amazon/awssdk/services/[^/]+/model/[^/]+\\.class";

    private LambdaJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: LambdaJars strip-bridges|store IN OUT");
        }
        Path in = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        int[] removed = {0};
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(in, "*.jar")) {
            for (Path jar : jars) {
                Path target = out.resolve(jar.getFileName().toString());
                switch (args[0]) {
                    // ProGuard reads these next: no time spent compressing them.
                    case "strip-bridges" -> copy(jar, target, (name, bytes) -> {
                        if (!name.matches(MODEL_CLASS)) {
                            return bytes;
                        }
                        Stripped stripped = stripInterfaceBridges(bytes);
                        removed[0] += stripped.removed();
                        return stripped.bytes();
                    });
                    case "store" -> copy(jar, target, (name, bytes) -> bytes);
                    default -> throw new IllegalArgumentException("unknown step " + args[0]);
                }
            }
        }
        if (args[0].equals("strip-bridges")) {
            System.out.println("LambdaJars: removed " + removed[0] + " bridge methods from AWS SDK model interfaces");
        }
    }

    private interface EntryTransform {
        byte[] apply(String name, byte[] bytes);
    }

    /** Copies the jar entry by entry, in order (the manifest stays first), every entry stored. */
    private static void copy(Path from, Path to, EntryTransform transform) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream jar = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream data = zip.getInputStream(entry)) {
                    bytes = transform.apply(entry.getName(), data.readAllBytes());
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(bytes.length);
                copy.setCompressedSize(bytes.length);
                copy.setCrc(crc.getValue());
                jar.putNextEntry(copy);
                jar.write(bytes);
                jar.closeEntry();
            }
        }
    }

    private record Stripped(byte[] bytes, int removed) {
    }

    private static Stripped stripInterfaceBridges(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        if ((reader.getAccess() & Opcodes.ACC_INTERFACE) == 0) {
            return new Stripped(bytes, 0);
        }
        int[] removed = {0};
        // Given the reader, ASM copies every method it keeps byte for byte, constant pool included.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_BRIDGE) != 0 && (access & Opcodes.ACC_ABSTRACT) == 0) {
                    removed[0]++;
                    return null;
                }
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }
        }, 0);
        return removed[0] == 0 ? new Stripped(bytes, 0) : new Stripped(writer.toByteArray(), removed[0]);
    }
}
