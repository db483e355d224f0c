package io.consulfactory.local.cloud;

import io.consulfactory.local.LocalRun;
import io.consulfactory.local.cloud.ec2.Network;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the local AWS on its own, with the network the example inputs name ({@code events/minimal.json}:
 * {@link LocalRun#VPC_ID} and {@link LocalRun#SUBNET_IDS}), and prints how to point a client at it and how to run
 * the factory against it ({@code LocalRun --endpoint}). Runs until interrupted.
 *
 * <pre>mvn -B -q -pl local exec:java -Dexec.mainClass=io.consulfactory.local.cloud.LocalAwsMain [-Dexec.args="--port 4566"]</pre>
 */
public final class LocalAwsMain {

    static final int DEFAULT_PORT = 4566;

    private LocalAwsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            try {
                if (!args[i].equals("--port") || i + 1 >= args.length) {
                    throw new NumberFormatException();
                }
                port = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                System.err.println("usage: LocalAwsMain [--port N]   (N=0 picks a free port; default " + DEFAULT_PORT + ")");
                System.exit(2);
            }
        }
        LocalAws aws;
        try {
            aws = LocalAws.start(port);
        } catch (RuntimeException e) {
            System.err.println("LocalAwsMain: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            System.exit(1);
            return;
        }
        Network network = aws.ec2().seedNetwork(LocalRun.VPC_ID, LocalRun.SUBNET_IDS);
        io.consulfactory.local.LocalWorkflow.snapshotBucket(aws); // the stack's bucket, as the template makes it
        System.out.println("Local AWS listening on " + aws.endpoint());
        System.out.println("  export AWS_ENDPOINT_URL=" + aws.endpoint() + " AWS_REGION=" + LocalAws.DEFAULT_REGION
                + " AWS_DEFAULT_REGION=" + LocalAws.DEFAULT_REGION + " AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local");
        System.out.println("  aws --endpoint-url " + aws.endpoint() + " ec2 describe-vpcs   (older CLIs ignore AWS_ENDPOINT_URL)");
        System.out.println("  vpc " + network.vpcId() + "  subnets " + String.join(" ", network.subnetIds()));
        System.out.println("  run the factory against it: mvn -B -q -pl local exec:java -Dexec.args=\"--endpoint " + aws.endpoint() + "\"");
        System.out.println("Serves EC2, IAM, STS, SSM, Auto Scaling and Step Functions' StartExecution; its clock moves only when"
                + " a run moves it. Ctrl-C stops it; nothing is kept.");
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aws.close();
            forever.countDown();
        }));
        forever.await();
    }
}
