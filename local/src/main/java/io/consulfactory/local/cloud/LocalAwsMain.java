package io.consulfactory.local.cloud;

import io.consulfactory.local.cloud.ec2.Network;

import java.util.concurrent.CountDownLatch;

/**
 * Starts the local AWS on its own, with a made-up VPC and three subnets, and prints how to point a client
 * at it. Runs until interrupted.
 *
 * <pre>mvn -B -q -pl local exec:java [-Dexec.args="--port 4566"]</pre>
 */
public final class LocalAwsMain {

    static final int DEFAULT_PORT = 4566;

    private LocalAwsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: LocalAwsMain [--port N]   (N=0 picks a free port; default " + DEFAULT_PORT + ")");
                System.exit(2);
            }
        }
        LocalAws aws = LocalAws.start(port);
        Network network = aws.ec2().seedDefaultNetwork();
        System.out.println("Local AWS listening on " + aws.endpoint());
        System.out.println("  export AWS_ENDPOINT_URL=" + aws.endpoint() + " AWS_REGION=" + LocalAws.DEFAULT_REGION
                + " AWS_DEFAULT_REGION=" + LocalAws.DEFAULT_REGION + " AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local");
        System.out.println("  aws --endpoint-url " + aws.endpoint() + " ec2 describe-vpcs   (older CLIs ignore AWS_ENDPOINT_URL)");
        System.out.println("  vpc " + network.vpcId() + "  subnets " + String.join(" ", network.subnetIds()));
        System.out.println("Serves EC2, IAM, STS, SSM and Auto Scaling. Ctrl-C stops it; nothing is kept.");
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            aws.close();
            forever.countDown();
        }));
        forever.await();
    }
}
