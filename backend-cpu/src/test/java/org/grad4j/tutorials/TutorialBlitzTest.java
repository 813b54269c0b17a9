package org.grad4j.tutorials;


import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Node;
import org.grad4j.Tensor;
import org.grad4j.ValuesIndices;
import org.grad4j.autograd.GradMode;
import org.grad4j.data.DataLoader;
import org.grad4j.data.TensorDataset;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Conv2d;
import org.grad4j.nn.CrossEntropyLoss;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.MaxPool2d;
import org.grad4j.nn.Module;
import org.grad4j.optim.Optimizer;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch's "60 Minute Blitz" (autograd, neural networks, training a classifier) and "Autograd mechanics",
 * ported statement by statement, against what PyTorch 1.13 printed (tools/golden/tutorials/blitz_tutorial.py,
 * golden/tutorials/blitz.txt).
 */
class TutorialBlitzTest {
    static final String[] CLASSES = {"plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

    /** Python's repr of a value in a list or print: True/False, None, 'str', tuples of ints. */
    static String py(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Node n) {
            return py(n.name());
        }
        if (o instanceof String s) {
            return "'" + s + "'";
        }
        if (o instanceof int[] shape) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
        if (o instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object e : list) {
                sb.append(sb.length() == 1 ? "" : ", ").append(py(e));
            }
            return sb.append("]").toString();
        }
        if (o instanceof Object[] tuple) {
            StringBuilder sb = new StringBuilder("(");
            for (Object e : tuple) {
                sb.append(sb.length() == 1 ? "" : ", ").append(py(e));
            }
            return sb.append(")").toString();
        }
        return Out.str(o);
    }

    /** What {@code print} shows of a bare value: a string without quotes, the rest as {@link #py}. */
    static String p(Object o) {
        return o instanceof String s ? s : py(o);
    }

    /** A node's next_functions as names (None where no gradient flows). */
    static List<Object> namesOf(Node node) {
        List<Object> names = new ArrayList<>();
        for (Node n : node.nextFunctions()) {
            names.add(n == null ? null : n.name());
        }
        return names;
    }

    void autograd(Out out) {
        out.section("autograd");
        Tensor a = Tensor.tensor(2., 3.).requiresGrad_(true);
        Tensor b = Tensor.tensor(6., 4.).requiresGrad_(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        out.println(q);
        Tensor externalGrad = Tensor.tensor(1., 1.);
        q.backward(externalGrad);
        out.println(a.pow(2).mul(9).eq(a.grad()));
        out.println(b.mul(-2).eq(b.grad()));
        out.println(a.grad(), b.grad());
        Generator.manualSeedDefault(0);
        Tensor x = Tensor.rand(5, 5);
        Tensor y = Tensor.rand(5, 5);
        Tensor z = Tensor.rand(5, 5).requiresGrad_(true);
        a = x.add(y);
        out.println("Does `a` require gradients?: " + p(a.requiresGrad()));
        b = x.add(z);
        out.println("Does `b` require gradients?: " + p(b.requiresGrad()));
    }

    /** The blitz's LeNet. */
    static final class Net extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(1, 6, 5));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        Linear fc3 = registerModule("fc3", new Linear(84, 10));

        /** PyTorch's {@code model.fc3 = nn.Linear(...)}: registering under the same name replaces the layer. */
        void setFc3(Linear layer) {
            fc3 = registerModule("fc3", layer);
        }

        @Override
        public Tensor forward(Tensor x) {
            x = Functional.maxPool2d(Functional.relu(conv1.call(x)), new int[] {2, 2});
            x = Functional.maxPool2d(Functional.relu(conv2.call(x)), new int[] {2});
            x = x.flatten(1);
            x = Functional.relu(fc1.call(x));
            x = Functional.relu(fc2.call(x));
            x = fc3.call(x);
            return x;
        }
    }

    Net net;
    Tensor input;
    Tensor target;
    Tensor loss;
    MSELoss criterion;

    void net(Out out) {
        out.section("net");
        Generator.manualSeedDefault(1);
        net = new Net();
        out.println(net);
        List<Tensor> params = net.parameters();
        out.println(params.size());
        out.println(params.get(0).size());
        List<Object> shapes = new ArrayList<>();
        for (Tensor t : params) {
            shapes.add(t.shape());
        }
        out.println(py(shapes));
        input = Tensor.randn(1, 1, 32, 32);
        Tensor output = net.call(input);
        out.println(output);
        net.zeroGrad(false);
        output.backward(Tensor.randn(1, 10));
        out.println(net.conv1.bias().grad());
        out.println(net.fc3.weight().grad().select(0, 0).slice(0, 0, 4, 1));
    }

    void loss(Out out) {
        out.section("loss");
        Tensor output = net.call(input);
        target = Tensor.randn(10);
        target = target.view(1, -1);
        criterion = new MSELoss();
        loss = criterion.forward(output, target);
        out.println(loss);
        out.println(loss.gradFn().name());
        out.println(loss.gradFn().nextFunctions()[0].name());
        out.println(loss.gradFn().nextFunctions()[0].nextFunctions()[0].name());
        out.println(py(namesOf(loss.gradFn())), py(namesOf(loss.gradFn().nextFunctions()[0])));
        Node t = loss.gradFn().nextFunctions()[0].nextFunctions()[2];
        out.println(t.name(), py(namesOf(t)));
        Node relu = loss.gradFn().nextFunctions()[0].nextFunctions()[1];
        out.println(relu.name(), py(namesOf(relu)));
    }

    void backprop(Out out) {
        out.section("backprop");
        net.zeroGrad(false);
        out.println("conv1.bias.grad before backward");
        out.println(net.conv1.bias().grad());
        loss.backward();
        out.println("conv1.bias.grad after backward");
        out.println(net.conv1.bias().grad());
    }

    void update(Out out) {
        out.section("update");
        double learningRate = 0.01;
        for (Tensor f : net.parameters()) {
            // f.data.sub_(f.grad.data * learning_rate): detach() is the tensor without history grad4j has
            f.detach().sub_(f.grad().detach().mul(learningRate));
        }
        out.println(net.conv1.bias());
        out.println(criterion.forward(net.call(input), target));
        Optimizer optimizer = new SGD(net.parameters(), 0.01);
        for (int i = 0; i < 3; i++) {
            optimizer.zeroGrad(false);
            Tensor output = net.call(input);
            loss = criterion.forward(output, target);
            loss.backward();
            optimizer.step();
            out.println(loss);
        }
        out.println(net.fc3.bias());
    }

    /** The classifier page's CNN, for 3-channel 32x32 images. */
    static final class CifarNet extends Module {
        final Conv2d conv1 = registerModule("conv1", new Conv2d(3, 6, 5));
        final MaxPool2d pool = registerModule("pool", new MaxPool2d(2));
        final Conv2d conv2 = registerModule("conv2", new Conv2d(6, 16, 5));
        final Linear fc1 = registerModule("fc1", new Linear(16 * 5 * 5, 120));
        final Linear fc2 = registerModule("fc2", new Linear(120, 84));
        final Linear fc3 = registerModule("fc3", new Linear(84, 10));

        @Override
        public Tensor forward(Tensor x) {
            x = pool.call(Functional.relu(conv1.call(x)));
            x = pool.call(Functional.relu(conv2.call(x)));
            x = x.flatten(1);
            x = Functional.relu(fc1.call(x));
            x = Functional.relu(fc2.call(x));
            x = fc3.call(x);
            return x;
        }
    }

    static String classNames(Tensor labels) {
        List<String> words = new ArrayList<>();
        for (int j = 0; j < 4; j++) {
            words.add(String.format("%-5s", CLASSES[(int) labels.select(0, j).itemLong()]));
        }
        return String.join(" ", words);
    }

    void classifier(Out out, Path dir) throws IOException {
        out.section("classifier_data");
        Generator.manualSeedDefault(2);
        int nTrain = 200;
        int nTest = 40;
        Tensor patterns = Tensor.randn(10, 3, 32, 32);
        Tensor labelsAll = Tensor.randint(0, 10, new int[] {nTrain + nTest});
        Tensor imagesAll = Tensor.randn(nTrain + nTest, 3, 32, 32).add(patterns.index(labelsAll).mul(0.5));
        TensorDataset trainset = new TensorDataset(imagesAll.slice(0, 0, nTrain, 1), labelsAll.slice(0, 0, nTrain, 1));
        TensorDataset testset = new TensorDataset(imagesAll.slice(0, nTrain, nTrain + nTest, 1),
                labelsAll.slice(0, nTrain, nTrain + nTest, 1));
        int batchSize = 4;
        Generator g = new Generator(3);
        DataLoader trainloader = new DataLoader(trainset, batchSize, true, false, g);
        DataLoader testloader = new DataLoader(testset, batchSize, false);
        Tensor[] first = trainloader.iterator().next();
        out.println(first[0].size(), first[1]);
        out.println(classNames(first[1]));

        Generator.manualSeedDefault(4);
        Module cnn = new CifarNet();
        out.println(cnn);
        CrossEntropyLoss crossEntropy = new CrossEntropyLoss();
        Optimizer optimizer = SGD.builder(cnn.parameters(), 0.001).momentum(0.9).build();
        out.println(optimizer);

        out.section("train");
        for (int epoch = 0; epoch < 2; epoch++) {
            double runningLoss = 0.0;
            int i = 0;
            for (Tensor[] data : trainloader) {
                Tensor inputs = data[0];
                Tensor labels = data[1];
                optimizer.zeroGrad(false);
                Tensor outputs = cnn.call(inputs);
                Tensor l = crossEntropy.forward(outputs, labels);
                l.backward();
                optimizer.step();
                runningLoss += l.item();
                if (i % 10 == 9) {
                    out.println(String.format("[%d, %5d] loss: %.3f", epoch + 1, i + 1, runningLoss / 10));
                    runningLoss = 0.0;
                }
                i++;
            }
        }
        out.println("Finished Training");

        out.section("save");
        Map<String, Tensor> state = cnn.stateDict();
        out.println(py(new ArrayList<Object>(state.keySet())));
        Path path = dir.resolve("cifar_net.safetensors");
        Safetensors.save(path, state);
        Tensor[] batch = testloader.iterator().next();
        Tensor images = batch[0];
        Tensor labels = batch[1];
        out.println("GroundTruth: ", classNames(labels));
        cnn = new CifarNet();
        out.println(cnn.loadStateDict(Safetensors.load(path)));
        Tensor outputs = cnn.call(images);
        out.println(outputs);
        ValuesIndices max = outputs.max(1);
        Tensor predicted = max.indices();
        out.println(predicted);
        out.println("Predicted: ", classNames(predicted));

        out.section("accuracy");
        int correct = 0;
        int total = 0;
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            for (Tensor[] data : testloader) {
                Tensor out1 = cnn.call(data[0]);
                Tensor pred = out1.detach().max(1).indices();
                total += data[1].size(0);
                correct += (int) pred.eq(data[1]).sum().itemLong();
            }
        }
        out.println("Accuracy of the network on the " + nTest + " test images: " + 100 * correct / total + " %");
        Map<String, Integer> correctPred = new LinkedHashMap<>();
        Map<String, Integer> totalPred = new LinkedHashMap<>();
        for (String c : CLASSES) {
            correctPred.put(c, 0);
            totalPred.put(c, 0);
        }
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            for (Tensor[] data : testloader) {
                Tensor predictions = cnn.call(data[0]).max(1).indices();
                long[] ls = data[1].toLongArray();
                long[] ps = predictions.toLongArray();
                for (int k = 0; k < ls.length; k++) {
                    String c = CLASSES[(int) ls[k]];
                    if (ls[k] == ps[k]) {
                        correctPred.merge(c, 1, Integer::sum);
                    }
                    totalPred.merge(c, 1, Integer::sum);
                }
            }
        }
        for (Map.Entry<String, Integer> e : correctPred.entrySet()) {
            if (totalPred.get(e.getKey()) == 0) {
                continue;
            }
            double accuracy = 100 * (double) e.getValue() / totalPred.get(e.getKey());
            out.println(String.format("Accuracy for class: %-5s is %.1f %%", e.getKey(), accuracy));
        }
    }

    void requiresGrad(Out out) {
        out.section("requires_grad");
        Generator.manualSeedDefault(5);
        Tensor x = Tensor.randn(5, 5);
        Tensor y = Tensor.randn(5, 5);
        Tensor z = Tensor.randn(5, 5).requiresGrad_(true);
        Tensor a = x.add(y);
        out.println(p(a.requiresGrad()), p(a.isLeaf()), p(a.gradFn()));
        Tensor b = a.add(z);
        out.println(p(b.requiresGrad()), p(b.isLeaf()), b.gradFn().name(), py(namesOf(b.gradFn())));
        Tensor c;
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            c = z.mul(2);
        }
        out.println(p(c.requiresGrad()), p(c.isLeaf()), p(c.gradFn()));
        Tensor d = z.detach();
        out.println(p(d.requiresGrad()), p(d.isLeaf()), p(d.gradFn()));
        d.add_(1);
        out.println(z.version(), d.version(), p(z.equal(d)));
        a = Tensor.rand(10).requiresGrad_(true);
        out.println(p(a.isLeaf()));
        b = Tensor.rand(10);
        out.println(p(b.isLeaf()));
        c = Tensor.rand(10).requiresGrad_(true).add(2);
        out.println(p(c.isLeaf()));
        Tensor e = Tensor.rand(10).requiresGrad_(true).toDouble();
        out.println(p(e.isLeaf()), e.gradFn().name());
        Tensor f = Tensor.zeros(10).requiresGrad_(true);
        out.println(p(f.isLeaf()), p(f.requiresGrad()), p(f.grad()));
        try {
            c.requiresGrad_(false);
        } catch (IllegalStateException err) {
            out.error(err);
        }
    }

    void inplace(Out out) {
        out.section("inplace");
        Tensor a = Tensor.tensor(1., 2., 3.).requiresGrad_(true);
        Tensor b = a.sigmoid();
        out.println(b.version());
        b.mul_(2);
        out.println(b.version());
        try {
            b.sum().backward();
        } catch (IllegalStateException err) {
            out.error(err);
        }
        a = Tensor.tensor(1., 2., 3.).requiresGrad_(true);
        b = a.mul(1);
        Tensor c = b.exp();
        b.add_(1);
        b.add_(1);
        c.sum().backward();
        out.println(a.grad(), b.version());
        a = Tensor.tensor(1., 2., 3.).requiresGrad_(true);
        b = a.mul(2);
        c = b.mul(b);
        b.add_(1);
        try {
            c.sum().backward();
        } catch (IllegalStateException err) {
            out.error(err);
        }
        a = Tensor.tensor(1., 2., 3.).requiresGrad_(true);
        b = a.mul(2);
        c = b.add(1);
        b.mul_(3);
        c.sum().backward();
        out.println(a.grad(), b.gradFn().name(), b.version());
        try {
            a.add_(1);
        } catch (IllegalStateException err) {
            out.error(err);
        }
        try (GradMode.Scope noGrad = GradMode.noGrad()) {
            a.add_(1);
        }
        out.println(a, a.version());
    }

    void accumulate(Out out) {
        out.section("accumulate");
        Tensor x = Tensor.tensor(1., 2.).requiresGrad_(true);
        Tensor y = x.mul(x).sum();
        y.backward(null, true);
        out.println(x.grad());
        y.backward();
        out.println(x.grad());
        try {
            y.backward();
        } catch (IllegalStateException err) {
            out.error(err);
        }
        x.grad().zero_();
        x.mul(3).sum().backward();
        out.println(x.grad());
        x.setGrad(null);
        x.pow(3).sum().backward();
        out.println(x.grad());
    }

    void finetune(Out out) {
        out.section("finetune");
        Generator.manualSeedDefault(6);
        Net model = new Net();
        for (Tensor param : model.parameters()) {
            param.requiresGrad_(false);
        }
        model.setFc3(new Linear(84, 10));
        out.println(model);
        List<Object> flags = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            flags.add(new Object[] {e.getKey(), e.getValue().requiresGrad()});
        }
        out.println(py(flags));
        Optimizer optimizer = SGD.builder(model.parameters(), 1e-2).momentum(0.9).build();
        Map<String, Tensor> before = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> before.put(k, v.clone()));
        Tensor inputs = Tensor.randn(2, 1, 32, 32);
        Tensor target = Tensor.tensor(3L, 7L);
        for (int i = 0; i < 2; i++) {
            optimizer.zeroGrad(false);
            Tensor l = Functional.crossEntropy(model.call(inputs), target);
            l.backward();
            optimizer.step();
            out.println(l);
        }
        List<Object> changed = new ArrayList<>();
        model.stateDict().forEach((k, v) -> {
            if (!v.equal(before.get(k))) {
                changed.add(k);
            }
        });
        out.println(py(changed));
        out.println(p(model.conv1.weight().grad()), p(model.fc3.bias().grad() == null));
        model.requiresGrad_(false);
        out.println(py(requiresGradFlags(model)));
        model.fc1.requiresGrad_();
        out.println(py(requiresGradFlags(model)));
        out.println(p(model.call(inputs).requiresGrad()), model.call(inputs).gradFn().name());
        model.requiresGrad_(false);
        out.println(p(model.call(inputs).requiresGrad()));
    }

    static List<Object> requiresGradFlags(Module model) {
        List<Object> flags = new ArrayList<>();
        for (Tensor t : model.parameters()) {
            flags.add(t.requiresGrad());
        }
        return flags;
    }

    void size(Out out) {
        out.section("size");
        Tensor x = Tensor.zeros(2, 3);
        out.println(x.size(), x.size(), x.size().get(1), x.size().get(-1), x.size().length(), x.size().numel(),
                Tensor.zeros().size());
        out.println(p(x.size().equals(Tensor.zeros(2, 3).size())), p(x.size().equals(Tensor.zeros(3, 2).size())));
    }

    void randintDType(Out out) {
        out.section("randint_dtype");
        Generator.manualSeedDefault(7);
        out.println(Tensor.randint(0, 10, new int[] {5}, DType.FLOAT32), Tensor.randint(3, 10, new int[] {2, 3}, DType.INT32));
        out.println(Tensor.randint(0, 2, new int[] {6}, DType.BOOL), Tensor.randint(250, 256, new int[] {4}, DType.UINT8));
        out.println(Tensor.randint(10, new int[] {3}, DType.FLOAT64),
                Tensor.randint(0, 1L << 33, new int[] {3}, DType.FLOAT64));
        long[][] bad = {{0, 300}, {-5, 3}, {0, 3}, {0, 1L << 33}};
        DType[] types = {DType.UINT8, DType.UINT8, DType.BOOL, DType.INT32};
        for (int i = 0; i < bad.length; i++) {
            try {
                Tensor.randint(bad[i][0], bad[i][1], new int[] {3}, types[i]);
            } catch (IllegalArgumentException err) {
                out.error(err);
            }
        }
    }

    void twoTensorIndex(Out out) {
        out.section("two_tensor_index");
        Generator.manualSeedDefault(8);
        Tensor x = Tensor.randn(4, 3).requiresGrad_(true);
        Tensor target = Tensor.tensor(0L, 2L, 1L, -1L);
        Tensor y = x.index(Tensor.arange(4), target);
        out.println(y, y.gradFn().name());
        y.mul(Tensor.arange(1., 5.)).sum().backward();
        out.println(x.grad());
        Tensor z = Tensor.arange(24.).view(2, 3, 4);
        out.println(z.index(Tensor.tensor(new long[][] {{0}, {1}}), Tensor.tensor(1L, 2L, 0L)));
        out.println(z.index(Tensor.tensor(1L, 0L), Tensor.tensor(2L, -3L), Tensor.tensor(3L, 0L)));
        out.println(z.index(Tensor.scalar(1L), Tensor.tensor(0L, 2L)).size(), z.index(Tensor.scalar(1L), Tensor.scalar(2L)));
        Tensor[][] bad = {{Tensor.arange(4), Tensor.tensor(0L, 3L, 0L, 0L)}, {Tensor.arange(4), Tensor.tensor(0L, 1L)},
            {Tensor.tensor(-5L), Tensor.tensor(0L)}};
        for (Tensor[] idx : bad) {
            try {
                x.index(idx);
            } catch (IndexOutOfBoundsException err) {
                out.error(err);
            }
        }
        try {
            z.index(Tensor.tensor(0L), Tensor.tensor(0L), Tensor.tensor(0L), Tensor.tensor(0L));
        } catch (IndexOutOfBoundsException err) {
            out.error(err);
        }
    }

    void detachInPlace(Out out) {
        out.section("detach_");
        Tensor a = Tensor.tensor(1., 2., 3.).requiresGrad_(true);
        Tensor b = a.mul(2);
        Tensor c = b.detach_();
        out.println(p(c == b), p(b.requiresGrad()), p(b.isLeaf()), p(b.gradFn()), b.version());
        Tensor l = Tensor.tensor(1., 2.).requiresGrad_(true);
        l.detach_();
        out.println(p(l.requiresGrad()), p(l.isLeaf()));
        Tensor d = a.detach();
        d.detach_();
        out.println(p(d.requiresGrad()));
        for (Tensor v : new Tensor[] {a.mul(2).slice(0, 0, 2, 1), Tensor.zeros(3).slice(0, 1, 3, 1), Tensor.zeros(3).view(3)}) {
            try {
                v.detach_();
            } catch (IllegalStateException err) {
                out.error(err);
            }
        }
    }

    Out run(Path dir) throws IOException {
        Out out = new Out();
        autograd(out);
        net(out);
        loss(out);
        backprop(out);
        update(out);
        classifier(out, dir);
        requiresGrad(out);
        inplace(out);
        accumulate(out);
        finetune(out);
        size(out);
        randintDType(out);
        twoTensorIndex(out);
        detachInPlace(out);
        return out;
    }

    @Test
    void printsWhatPyTorchPrinted(@TempDir Path dir) throws IOException {
        Golden.assertMatches("blitz.txt", run(dir), Map.of());
    }

    public static void main(String[] args) throws IOException {
        System.out.print(new TutorialBlitzTest().run(Path.of(System.getProperty("java.io.tmpdir"))));
    }
}
