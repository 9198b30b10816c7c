<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Something went wrong inside the app: {kind}: {err}</source>
        <translation>应用内部出了问题：{kind}：{err}</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>The app keeps running; if something looks wrong, save your work and restart it.</source>
        <translation>应用会继续运行；如果有什么看起来不对，请保存你的工作并重新启动它。</translation>
    </message>
    <message>
        <source> The full report is in {log}.</source>
        <translation> 完整报告在 {log}。</translation>
    </message>
</context>
<context>
    <name>AttentionExport</name>
    <message>
        <source>The folder {folder} does not exist; choose another place to save {name}.</source>
        <translation>文件夹 {folder} 不存在；请选择其他位置来保存 {name}。</translation>
    </message>
    <message>
        <source>The folder {folder} cannot be written to; choose another place to save {name}.</source>
        <translation>无法写入文件夹 {folder}；请选择其他位置来保存 {name}。</translation>
    </message>
    <message>
        <source>{name} cannot be saved in {parent} ({strerror}).</source>
        <translation>无法将 {name} 保存到 {parent}（{strerror}）。</translation>
    </message>
    <message>
        <source>Nothing was drawn into {name}; show the view first, then export again.</source>
        <translation>{name} 中没有画出任何内容；请先显示该视图，再重新导出。</translation>
    </message>
    <message>
        <source>The picture could not be made; make the view visible and larger, then export again.</source>
        <translation>无法生成图片；请让视图可见并调大一些，再重新导出。</translation>
    </message>
    <message>
        <source>The view has no size yet; show it, then export again.</source>
        <translation>视图还没有尺寸；请先显示它，再重新导出。</translation>
    </message>
    <message>
        <source>The plot has no size yet; show it, then export again.</source>
        <translation>曲线图还没有尺寸；请先显示它，再重新导出。</translation>
    </message>
    <message>
        <source>The plot is not on screen; show it, then export again.</source>
        <translation>曲线图不在屏幕上；请先显示它，再重新导出。</translation>
    </message>
    <message>
        <source>no file type</source>
        <translation>没有文件类型</translation>
    </message>
    <message>
        <source>Pictures can be saved as .png or .svg (got {got}); change the file name&apos;s ending.</source>
        <translation>图片只能保存为 .png 或 .svg（收到的是 {got}）；请修改文件名的扩展名。</translation>
    </message>
    <message>
        <source>Attention of shape {shape} does not match {t} tokens; expected [{t}, {t}] or [layers, heads, {t}, {t}].</source>
        <translation>形状为 {shape} 的注意力与 {t} 个词元不符；应为 [{t}, {t}] 或 [层, 头, {t}, {t}]。</translation>
    </message>
</context>
<context>
    <name>AttentionGrid</name>
    <message>
        <source>attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Layer {layer} ({row_labels}). Click to see it large.</source>
        <translation>第 {layer} 层（{row_labels}）。点击可放大查看。</translation>
    </message>
    <message>
        <source>Layer {layer}, head {head} (muted). Click to see it large; right-click or Ctrl+click to unmute it.</source>
        <translation>第 {layer} 层，注意力头 {head}（已静音）。点击可放大查看；右键或 Ctrl+点击可取消静音。</translation>
    </message>
    <message>
        <source>Layer {layer}, head {head}. Click to see it large; right-click or Ctrl+click to mute it.</source>
        <translation>第 {layer} 层，注意力头 {head}。点击可放大查看；右键或 Ctrl+点击可静音。</translation>
    </message>
</context>
<context>
    <name>AttentionMaps</name>
    <message>
        <source>Attention: layers × heads</source>
        <translation>注意力：层 × 头</translation>
    </message>
    <message>
        <source>&amp;Reset muted heads</source>
        <translation>恢复静音的注意力头(&amp;R)</translation>
    </message>
    <message>
        <source>Bring every muted head back</source>
        <translation>恢复所有静音的注意力头</translation>
    </message>
    <message>
        <source>Exp&amp;ort</source>
        <translation>导出(&amp;O)</translation>
    </message>
    <message>
        <source>Save the grid or the large head as a picture, or the attention as CSV</source>
        <translation>将网格或放大的注意力头保存为图片，或将注意力保存为 CSV</translation>
    </message>
    <message>
        <source>Attention: {mode}, per layer</source>
        <translation>注意力：{mode}，每层一张</translation>
    </message>
    <message>
        <source>1 muted head</source>
        <translation>1 个已静音的注意力头</translation>
    </message>
    <message>
        <source>{n} muted heads</source>
        <translation>{n} 个已静音的注意力头</translation>
    </message>
    <message>
        <source>{caption} ({muted})</source>
        <translation>{caption}（{muted}）</translation>
    </message>
    <message>
        <source>Layer {layer} · {mode}</source>
        <translation>第 {layer} 层 · {mode}</translation>
    </message>
    <message>
        <source>Layer {layer} · head {head}</source>
        <translation>第 {layer} 层 · 注意力头 {head}</translation>
    </message>
    <message>
        <source> (muted)</source>
        <translation>（已静音）</translation>
    </message>
</context>
<context>
    <name>CaptionBar</name>
    <message>
        <source>Lesson caption</source>
        <translation>课程说明</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>The previous step of the lesson (Page Up)</source>
        <translation>课程的上一步（Page Up）</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>The next step of the lesson (Page Down)</source>
        <translation>课程的下一步（Page Down）</translation>
    </message>
    <message>
        <source>Close lesson</source>
        <translation>关闭课程</translation>
    </message>
    <message>
        <source>Stop showing the lesson (its run stays open)</source>
        <translation>不再显示课程（它的运行保持打开）</translation>
    </message>
    <message>
        <source>A new lesson: add views as steps (Lesson menu)</source>
        <translation>新课程：把视图添加为步骤（“课程”菜单）</translation>
    </message>
    <message>
        <source>{count} steps</source>
        <translation>{count} 步</translation>
    </message>
    <message>
        <source>(no caption)</source>
        <translation>（无说明）</translation>
    </message>
    <message>
        <source>Step {n} of {count}</source>
        <translation>第 {n} 步，共 {count} 步</translation>
    </message>
</context>
<context>
    <name>ChanceLine</name>
    <message>
        <source>chance level: ln {n_classes} = {level:.2f}</source>
        <translation>随机水平：ln {n_classes} = {level:.2f}</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <source>Tiny</source>
        <translation>微型</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Sinusoidal (fixed waves)</source>
        <translation>正弦（固定波形）</translation>
    </message>
    <message>
        <source>Learned (one vector per position)</source>
        <translation>可学习（每个位置一个向量）</translation>
    </message>
    <message>
        <source>ALiBi (attention favours nearby words)</source>
        <translation>ALiBi（注意力偏向附近的词）</translation>
    </message>
    <message>
        <source>Sinusoidal + ALiBi (both)</source>
        <translation>正弦 + ALiBi（两者兼用）</translation>
    </message>
    <message>
        <source>Mean of all words</source>
        <translation>所有词的平均</translation>
    </message>
    <message>
        <source>The [CLS] token</source>
        <translation>[CLS] 词元</translation>
    </message>
</context>
<context>
    <name>ClassScoresModel</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>支持数</translation>
    </message>
    <message>
        <source>The class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Of the texts the model put in this class, the share that belong there</source>
        <translation>模型归入这个类别的文本中，确实属于这个类别的比例</translation>
    </message>
    <message>
        <source>Of the texts of this class, the share the model found</source>
        <translation>这个类别的文本中，被模型找出来的比例</translation>
    </message>
    <message>
        <source>The balance of precision and recall (their harmonic mean)</source>
        <translation>精确率和召回率的平衡（它们的调和平均）</translation>
    </message>
    <message>
        <source>How many texts of this class were scored</source>
        <translation>这个类别有多少文本参与了评分</translation>
    </message>
</context>
<context>
    <name>CommandBox</name>
    <message>
        <source>Copy command</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Copy a torchrun command with these settings, to train this run on several GPUs or machines (see Clusters in the README).</source>
        <translation>复制一条使用这些设置的 torchrun 命令，用于在多块 GPU 或多台机器上训练这个运行（见 README 中关于集群的一节）。</translation>
    </message>
    <message>
        <source>The command is on the clipboard; run it where the data is.</source>
        <translation>命令已复制到剪贴板；请在数据所在的地方运行它。</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>class {i}</source>
        <translation>类别 {i}</translation>
    </message>
    <message>
        <source>the food was not good</source>
        <translation>the food was not good</translation>
    </message>
    <message>
        <source>A second sentence to compare with the one above, e.g. with one word changed</source>
        <translation>要与上面的句子比较的第二个句子，例如只改动一个词</translation>
    </message>
    <message>
        <source>This head</source>
        <translation>这个注意力头</translation>
    </message>
    <message>
        <source>Mean of the layer&apos;s heads</source>
        <translation>该层所有注意力头的平均</translation>
    </message>
    <message>
        <source>Compare the chosen head alone, or the average of every head in its layer</source>
        <translation>只比较选中的注意力头，或比较它所在层所有注意力头的平均</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Train a model or open a run to compare two sentences.</source>
        <translation>训练一个模型或打开一个运行，以比较两个句子。</translation>
    </message>
    <message>
        <source>Type a sentence in the box above; it is compared with the one typed here.</source>
        <translation>在上方的输入框中输入一个句子；它会与这里输入的句子比较。</translation>
    </message>
    <message>
        <source>Type a second sentence here, e.g. the first with one word changed or added.</source>
        <translation>在这里输入第二个句子，例如把第一个句子改动或增加一个词。</translation>
    </message>
    <message>
        <source>These sentences cannot be compared with this model: {err}</source>
        <translation>这些句子无法用这个模型比较：{err}</translation>
    </message>
    <message>
        <source>Layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <source> · head {head}</source>
        <translation> · 注意力头 {head}</translation>
    </message>
    <message>
        <source>A − B: the sentences share no tokens</source>
        <translation>A − B：两个句子没有共同的词元</translation>
    </message>
    <message>
        <source>A − B on the {n_shared} tokens both share</source>
        <translation>A − B，基于两句共有的 {n_shared} 个词元</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{color_a}&apos;&gt;Red&lt;/span&gt;: A attends more there; &lt;span style=&apos;color:{color_b}&apos;&gt;blue&lt;/span&gt;: B attends more. Tokens only one sentence has are left out.</source>
        <translation>&lt;span style=&apos;color:{color_a}&apos;&gt;红色&lt;/span&gt;：A 在该处的注意力更多；&lt;span style=&apos;color:{color_b}&apos;&gt;蓝色&lt;/span&gt;：B 的更多。只出现在其中一个句子里的词元不显示。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: the true class. Columns: what the model said. Click a cell to list its examples.</source>
        <translation>行：真实类别。列：模型的判断。点击一个格子可列出其中的例子。</translation>
    </message>
    <message>
        <source>Smaller cells (Ctrl+wheel)</source>
        <translation>缩小格子 (Ctrl+滚轮)</translation>
    </message>
    <message>
        <source>Bigger cells (Ctrl+wheel)</source>
        <translation>放大格子 (Ctrl+滚轮)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Fit the matrix to the room</source>
        <translation>让矩阵适应可用空间</translation>
    </message>
    <message>
        <source>Save as PNG…</source>
        <translation>另存为 PNG…</translation>
    </message>
    <message>
        <source>Save the whole matrix as a picture</source>
        <translation>将整个矩阵保存为图片</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Show the counts as a table, the classes as its headers</source>
        <translation>以表格显示计数，类别作为表头</translation>
    </message>
    <message>
        <source>Show as a table</source>
        <translation>以表格显示</translation>
    </message>
    <message>
        <source>Confusion matrix: rows are the true classes, columns the predicted ones</source>
        <translation>混淆矩阵：行是真实类别，列是预测类别</translation>
    </message>
    <message>
        <source>texts of the row&apos;s class given the column&apos;s</source>
        <translation>真实为该行类别、被判为该列类别的文本</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <source>Training reached its time limit</source>
        <translation>训练已达到时间上限</translation>
    </message>
    <message>
        <source>Training stopped early (no more improvement)</source>
        <translation>训练提前停止（不再改善）</translation>
    </message>
    <message>
        <source>Training stopped; the checkpoint is saved</source>
        <translation>训练已停止；检查点已保存</translation>
    </message>
    <message>
        <source>Training ended</source>
        <translation>训练已结束</translation>
    </message>
</context>
<context>
    <name>CostBox</name>
    <message>
        <source>Size and cost</source>
        <translation>规模与开销</translation>
    </message>
    <message>
        <source>A rough estimate (within about a third) of the peak memory one training step needs: weights, gradients, optimizer state and the values kept for learning. Batches of short texts need less.</source>
        <translation>训练一步所需峰值内存的粗略估计（误差约三分之一）：权重、梯度、优化器状态以及为学习保留的中间值。短文本的批次需要的更少。</translation>
    </message>
    <message>
        <source>Arithmetic per token for one training step (forward and backward pass). It grows with the size of the blocks and, through attention, with the text length.</source>
        <translation>每个词元训练一步（前向和反向传播）的计算量。它随各块的规模增长，并通过注意力随文本长度增长。</translation>
    </message>
    <message>
        <source>Tip: on a CPU, Tiny shows a falling loss within seconds and Small within a minute or two; a GPU makes both fast. A bigger model only helps with more data: watch the validation loss.</source>
        <translation>提示：在 CPU 上，微型模型几秒内就能看到损失下降，小型模型需要一两分钟；GPU 让两者都很快。更大的模型只有在数据更多时才有帮助：请关注验证损失。</translation>
    </message>
    <message>
        <source>{count} parameters</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>Up to {count} parameters</source>
        <translation>最多 {count} 个参数</translation>
    </message>
    <message>
        <source>{total:,} numbers the model learns</source>
        <translation>模型学习的 {total:,} 个数</translation>
    </message>
    <message>
        <source>At most {total:,} numbers the model learns: the tokenizer learns at most {vocab_size:,} pieces from the training text, fewer when the text is small. Preview tokens on the Data page gives the real vocabulary, and the real size here.</source>
        <translation>模型最多学习 {total:,} 个数：分词器最多从训练文本中学习 {vocab_size:,} 个片段，文本少时会更少。在“数据”页预览词元可以得到真实的词表，这里也会显示真实的规模。</translation>
    </message>
    <message>
        <source>Embeddings {embeddings} ({vocab_size:,} pieces × {d}) · {n_layers} blocks {blocks} · output {output}</source>
        <translation>嵌入 {embeddings}（{vocab_size:,} 个片段 × {d}）· {n_layers} 个块 {blocks} · 输出 {output}</translation>
    </message>
    <message>
        <source>Embeddings up to {embeddings} (up to {vocab_size:,} pieces × {d}) · {n_layers} blocks {blocks} · output up to {output}</source>
        <translation>嵌入最多 {embeddings}（最多 {vocab_size:,} 个片段 × {d}）· {n_layers} 个块 {blocks} · 输出最多 {output}</translation>
    </message>
    <message>
        <source>Embeddings {embeddings} ({vocab_size:,} pieces × {d}) · 1 block {blocks} · output {output}</source>
        <translation>嵌入 {embeddings}（{vocab_size:,} 个片段 × {d}）· 1 个块 {blocks} · 输出 {output}</translation>
    </message>
    <message>
        <source>Embeddings up to {embeddings} (up to {vocab_size:,} pieces × {d}) · 1 block {blocks} · output up to {output}</source>
        <translation>嵌入最多 {embeddings}（最多 {vocab_size:,} 个片段 × {d}）· 1 个块 {blocks} · 输出最多 {output}</translation>
    </message>
    <message>
        <source>Training memory: about &lt;b&gt;{memory}&lt;/b&gt; at batch {batch} (texts of up to {max_len} tokens)</source>
        <translation>训练内存：批大小 {batch} 时约 &lt;b&gt;{memory}&lt;/b&gt;（文本最多 {max_len} 个词元）</translation>
    </message>
    <message>
        <source>Training memory: up to about &lt;b&gt;{memory}&lt;/b&gt; at batch {batch} (texts of up to {max_len} tokens)</source>
        <translation>训练内存：批大小 {batch} 时最多约 &lt;b&gt;{memory}&lt;/b&gt;（文本最多 {max_len} 个词元）</translation>
    </message>
    <message>
        <source>Compute: {flops} per token per training step</source>
        <translation>计算量：每个词元每个训练步 {flops}</translation>
    </message>
    <message>
        <source>This model needs about {memory} to train at batch {batch}, more than the {limit} {where} — lower the batch size or the model size.</source>
        <translation>这个模型在批大小 {batch} 下训练约需 {memory}，超过了{where}的 {limit} — 请减小批大小或模型规模。</translation>
    </message>
    <message>
        <source>That is most of the {limit} {where}; if training fails for lack of memory, lower the batch size or the maximum length.</source>
        <translation>这已接近{where}的 {limit}；如果训练因内存不足而失败，请减小批大小或最大长度。</translation>
    </message>
</context>
<context>
    <name>Crosshair</name>
    <message>
        <source>No training steps yet. Point at the curve to read its values.</source>
        <translation>还没有训练步。把鼠标指向曲线可读取数值。</translation>
    </message>
    <message>
        <source>Step {step:,}: loss {loss}</source>
        <translation>第 {step:,} 步：损失 {loss}</translation>
    </message>
    <message>
        <source>Latest step {step:,}: loss {loss}</source>
        <translation>最新一步 {step:,}：损失 {loss}</translation>
    </message>
    <message>
        <source>smoothed {loss}</source>
        <translation>平滑后 {loss}</translation>
    </message>
    <message>
        <source>learning rate {lr}</source>
        <translation>学习率 {lr}</translation>
    </message>
</context>
<context>
    <name>DataJobs</name>
    <message>
        <source>{name} could not be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <source>The tokenizer could not be trained ({reason}).</source>
        <translation>无法训练分词器（{reason}）。</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Rows</source>
        <translation>数据行</translation>
    </message>
    <message>
        <source>The data file {name} is no longer at {source}; open it (or another file) on the Data page. The other settings are filled in.</source>
        <translation>数据文件 {name} 已不在 {source}；请在“数据”页打开它（或另一个文件）。其他设置已经填好。</translation>
    </message>
    <message>
        <source>The data cannot change while a run trains; stop it first.</source>
        <translation>训练进行中时不能更改数据；请先停止训练。</translation>
    </message>
    <message>
        <source>The built-in data set {name!r} could not be made ({reason}).</source>
        <translation>无法生成内置数据集 {name!r}（{reason}）。</translation>
    </message>
    <message>
        <source>{name} (built in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <source>Built-in data: made on this computer, no file needed.</source>
        <translation>内置数据：在本机生成，不需要文件。</translation>
    </message>
    <message>
        <source>Open a data file</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>文件：{path}</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>{problem} No data is loaded yet: choose a built-in data set or another file.</source>
        <translation>{problem} 还没有加载数据：请选择一个内置数据集或其他文件。</translation>
    </message>
    <message>
        <source>{problem} Nothing changed: the data in use is still {title}.</source>
        <translation>{problem} 没有任何改变：正在使用的数据仍是 {title}。</translation>
    </message>
    <message>
        <source>No data loaded.</source>
        <translation>没有加载数据。</translation>
    </message>
    <message>
        <source>Open a data file to begin.</source>
        <translation>打开一个数据文件即可开始。</translation>
    </message>
    <message>
        <source>{problem} Raise the validation share above {share} %.</source>
        <translation>{problem} 请把验证集比例调高到 {share} % 以上。</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>Where to train</source>
        <translation>在哪里训练</translation>
    </message>
    <message>
        <source>The processor that trains the model. A graphics card (GPU) is much faster; Automatic picks the best one found.</source>
        <translation>训练模型的处理器。显卡 (GPU) 要快得多；“自动”会选择找到的最好的一个。</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>How many CPU cores training may use when it runs on the CPU. One core is left free by default so the window stays responsive (this computer has {value}).</source>
        <translation>在 CPU 上训练时最多使用多少个 CPU 核心。默认留出一个核心，让窗口保持响应（本机有 {value} 个）。</translation>
    </message>
    <message>
        <source>CP&amp;U threads:</source>
        <translation>CPU 线程数(&amp;U)：</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>bfloat16 where the hardware supports it, else full precision</source>
        <translation>硬件支持时使用 bfloat16，否则使用全精度</translation>
    </message>
    <message>
        <source>Full precision (fp32)</source>
        <translation>全精度 (fp32)</translation>
    </message>
    <message>
        <source>the safest choice; slower on modern GPUs</source>
        <translation>最稳妥的选择；在现代 GPU 上较慢</translation>
    </message>
    <message>
        <source>Half precision (bf16)</source>
        <translation>半精度 (bf16)</translation>
    </message>
    <message>
        <source>faster on recent GPUs and CPUs, uses less memory</source>
        <translation>在较新的 GPU 和 CPU 上更快，占用内存更少</translation>
    </message>
    <message>
        <source>Half precision (fp16)</source>
        <translation>半精度 (fp16)</translation>
    </message>
    <message>
        <source>for graphics cards without bf16 (older ones); not on the CPU</source>
        <translation>用于不支持 bf16 的（较旧的）显卡；不能用于 CPU</translation>
    </message>
    <message>
        <source>Number format used while training. Automatic is right for almost everyone; choose full precision if the loss becomes NaN.</source>
        <translation>训练时使用的数值格式。“自动”几乎适合所有人；如果损失变成 NaN，请选择全精度。</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>Automatic ({label})</source>
        <translation>自动（{label}）</translation>
    </message>
    <message>
        <source>The fastest device found</source>
        <translation>找到的最快设备</translation>
    </message>
    <message>
        <source>GPU {index}: {label}</source>
        <translation>GPU {index}：{label}</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU（1 个线程）</translation>
    </message>
    <message>
        <source>CPU ({n} threads)</source>
        <translation>CPU（{n} 个线程）</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A model is training. Stop it and close? Training stops after the current step and the model is saved, so you can continue it later from the Runs page.</source>
        <translation>模型正在训练。要停止并关闭吗？训练会在当前这一步之后停止并保存模型，之后可以在“运行记录”页继续。</translation>
    </message>
    <message>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>About Transformer Workbench</source>
        <translation>关于 Transformer Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;Transformer Workbench {version}&lt;/b&gt;&lt;br&gt;Size, train and inspect a Transformer encoder on your own text, on the CPU or a GPU.&lt;br&gt;&lt;br&gt;Runs are saved in {runs_root}.&lt;br&gt;Error reports: {log_path}&lt;br&gt;Python {split}</source>
        <translation>&lt;b&gt;Transformer Workbench {version}&lt;/b&gt;&lt;br&gt;在你自己的文本上设定规模、训练并查看一个 Transformer 编码器，可用 CPU 或 GPU。&lt;br&gt;&lt;br&gt;运行记录保存在 {runs_root}。&lt;br&gt;错误报告：{log_path}&lt;br&gt;Python {split}</translation>
    </message>
</context>
<context>
    <name>ErrorBox</name>
    <message>
        <source>What went wrong and what to try. Select the text to copy part of it.</source>
        <translation>出了什么问题以及可以尝试什么。选中文本可复制其中一部分。</translation>
    </message>
    <message>
        <source>Every error report is also appended to this file, so nothing is lost.</source>
        <translation>每份错误报告也会追加到这个文件中，不会丢失任何内容。</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>复制详情(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the full report (message, technical details, versions and settings) to paste into a bug report.</source>
        <translation>复制完整报告（信息、技术细节、版本和设置），以便粘贴到问题报告中。</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hide this message.</source>
        <translation>隐藏这条消息。</translation>
    </message>
</context>
<context>
    <name>EvaluateFiles</name>
    <message>
        <source>Choose a file of texts to label</source>
        <translation>选择一个要标注的文本文件</translation>
    </message>
    <message>
        <source>Save the predictions as</source>
        <translation>将预测另存为</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>{path} cannot be written ({value}); choose another place.</source>
        <translation>无法写入 {path}（{value}）；请选择其他位置。</translation>
    </message>
    <message>
        <source>Saved the scores to {path}.</source>
        <translation>评分已保存到 {path}。</translation>
    </message>
    <message>
        <source>{path} cannot be written; choose another place.</source>
        <translation>无法写入 {path}；请选择其他位置。</translation>
    </message>
    <message>
        <source>Saved the confusion matrix to {path}.</source>
        <translation>混淆矩阵已保存到 {path}。</translation>
    </message>
    <message>
        <source>Save the scores as</source>
        <translation>将评分另存为</translation>
    </message>
    <message>
        <source>Save the confusion matrix as</source>
        <translation>将混淆矩阵另存为</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>EvaluatePage</name>
    <message>
        <source>Train a model or open a run on the Runs page to see how well it does.</source>
        <translation>训练一个模型，或在“运行记录”页打开一个运行，查看它的表现。</translation>
    </message>
</context>
<context>
    <name>EvaluatePanel</name>
    <message>
        <source>The run&apos;s own validation rows</source>
        <translation>该运行自己的验证行</translation>
    </message>
    <message>
        <source>A labelled file…</source>
        <translation>带标签的文件…</translation>
    </message>
    <message>
        <source>What to score: the rows this run held out from training (its validation split), or a file with texts and labels</source>
        <translation>对什么评分：这个运行在训练中留出的行（它的验证集），或一个包含文本和标签的文件</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>数据(&amp;D)：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose another labelled file</source>
        <translation>选择另一个带标签的文件</translation>
    </message>
    <message>
        <source>The column that holds the text</source>
        <translation>存放文本的列</translation>
    </message>
    <message>
        <source>The column that holds the true class</source>
        <translation>存放真实类别的列</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>评估(&amp;E)</translation>
    </message>
    <message>
        <source>Score the run on the chosen data and list the examples behind the scores</source>
        <translation>在选定的数据上为运行评分，并列出评分背后的例子</translation>
    </message>
    <message>
        <source>&amp;Predict a file…</source>
        <translation>预测文件(&amp;P)…</translation>
    </message>
    <message>
        <source>Label every text of a file with this run and save the predictions and probabilities as CSV</source>
        <translation>用这个运行为文件中的每个文本打上标签，并把预测和概率保存为 CSV</translation>
    </message>
    <message>
        <source>Save scores as &amp;CSV…</source>
        <translation>将评分保存为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Per-class precision, recall, F1 and support, then the confusion matrix</source>
        <translation>每个类别的精确率、召回率、F1 和支持数，然后是混淆矩阵</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>{name} has no label column, so there is nothing to score against.</source>
        <translation>{name} 没有标签列，所以无法对照评分。</translation>
    </message>
    <message>
        <source>Choose a labelled file to score</source>
        <translation>选择一个用于评分的带标签文件</translation>
    </message>
    <message>
        <source>Scoring the validation rows again to list the examples…</source>
        <translation>正在重新为验证行评分以列出例子…</translation>
    </message>
    <message>
        <source>True “{t}”, predicted correctly</source>
        <translation>真实为“{t}”，预测正确</translation>
    </message>
    <message>
        <source>True “{t}”, predicted “{p}”</source>
        <translation>真实为“{t}”，预测为“{p}”</translation>
    </message>
    <message>
        <source>1 example</source>
        <translation>1 个例子</translation>
    </message>
    <message>
        <source>{n:,} examples</source>
        <translation>{n:,} 个例子</translation>
    </message>
    <message>
        <source>{what}: {count}, the most confident first.</source>
        <translation>{what}：{count}，最有把握的排在前面。</translation>
    </message>
    <message>
        <source>{n_rows:,} mistakes out of {examples:,}, the most confidently wrong first.</source>
        <translation>{examples:,} 个中有 {n_rows:,} 个错误，最有把握的错误排在前面。</translation>
    </message>
    <message>
        <source>No mistakes: all {examples:,} examples were classified correctly.</source>
        <translation>没有错误：全部 {examples:,} 个例子都分类正确。</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>{err} Choose another run on the Runs page.</source>
        <translation>{err} 请在“运行记录”页选择其他运行。</translation>
    </message>
    <message>
        <source>{name}
{path}
Trained on {data_source}</source>
        <translation>{name}
{path}
训练于 {data_source}</translation>
    </message>
    <message>
        <source>{name} is a pre-training (masked-language-model) run: it learnt to fill in hidden words and has no classes to score. Evaluation needs a classification run. To get one, fine-tune this run on labelled data: start a run from it on the Train page.</source>
        <translation>{name} 是一个预训练（掩码语言模型）运行：它学会了填补被遮住的词，没有可以评分的类别。评估需要一个分类运行。要得到一个，请在带标签的数据上微调这个运行：在“训练”页从它开始一个新运行。</translation>
    </message>
    <message>
        <source>Press Evaluate to score this run and list the examples it gets wrong.</source>
        <translation>按“评估”为这个运行评分，并列出它出错的例子。</translation>
    </message>
    <message>
        <source>Evaluate step {weights_step:,}</source>
        <translation>评估第 {weights_step:,} 步</translation>
    </message>
    <message>
        <source>These scores were saved when training ended. Click a cell, or press Evaluate, to list the examples behind them.</source>
        <translation>这些评分是在训练结束时保存的。点击一个格子或按“评估”，可列出评分背后的例子。</translation>
    </message>
    <message>
        <source>Prediction cancelled; no file was written.</source>
        <translation>预测已取消；没有写入文件。</translation>
    </message>
    <message>
        <source> from the column “{text_column}”</source>
        <translation>，来自列“{text_column}”</translation>
    </message>
    <message>
        <source>Saved {rows:,} predictions{column} to {path}.</source>
        <translation>已将 {rows:,} 条预测{column}保存到 {path}。</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>评估已取消。</translation>
    </message>
    <message>
        <source>The examples could not be listed; see the message above.</source>
        <translation>无法列出例子；请查看上方的消息。</translation>
    </message>
    <message>
        <source>{name} is a pre-trained {arch} with the classes {classes}. It has no validation rows of its own: choose a labelled file under Data and press Evaluate.</source>
        <translation>{name} 是一个预训练的 {arch}，类别为 {classes}。它没有自己的验证行：请在“数据”下选择一个带标签的文件，然后按“评估”。</translation>
    </message>
    <message>
        <source>{name} is a pre-trained {arch}: it fills in hidden words and has no classes to score. Fine-tune it on labelled data on the Train page, or look inside it on the Inspect page.</source>
        <translation>{name} 是一个预训练的 {arch}：它填补被遮住的词，没有可以评分的类别。请在“训练”页用带标签的数据微调它，或在“查看”页查看它的内部。</translation>
    </message>
</context>
<context>
    <name>EvaluationExamples</name>
    <message>
        <source>All mistakes</source>
        <translation>所有错误</translation>
    </message>
    <message>
        <source>List every wrong prediction, the most confident first</source>
        <translation>列出所有错误的预测，最有把握的排在前面</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Open the chosen example on the Inspect page (or double-click it)</source>
        <translation>在“查看”页打开选中的例子（或双击它）</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
</context>
<context>
    <name>EvaluationJob</name>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>validation split of the built-in {name} data</source>
        <translation>内置数据 {name} 的验证集</translation>
    </message>
    <message>
        <source>validation split of {name}</source>
        <translation>{name} 的验证集</translation>
    </message>
    <message>
        <source>Reading the {words}…</source>
        <translation>正在读取{words}…</translation>
    </message>
    <message>
        <source>The {words} has no usable rows to score.</source>
        <translation>{words}中没有可用于评分的行。</translation>
    </message>
    <message>
        <source>Scoring {n_data:,} texts…</source>
        <translation>正在为 {n_data:,} 个文本评分…</translation>
    </message>
    <message>
        <source>, weights of step {step:,}</source>
        <translation>，第 {step:,} 步的权重</translation>
    </message>
    <message>
        <source>{words}, {n_data:,} examples{at}</source>
        <translation>{words}，{n_data:,} 个例子{at}</translation>
    </message>
    <message>
        <source>There is not enough memory to score this data; try a smaller file.</source>
        <translation>内存不足，无法为这些数据评分；请换一个小一些的文件。</translation>
    </message>
    <message>
        <source>The evaluation stopped unexpectedly ({reason}).</source>
        <translation>评估意外停止（{reason}）。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>{name} has no texts to label.</source>
        <translation>{name} 中没有可以打标签的文本。</translation>
    </message>
    <message>
        <source>Labelling {n_data:,} texts…</source>
        <translation>正在为 {n_data:,} 个文本打标签…</translation>
    </message>
    <message>
        <source>{out} cannot be written ({value}); choose another place.</source>
        <translation>无法写入 {out}（{value}）；请选择其他位置。</translation>
    </message>
    <message>
        <source>There is not enough memory to label this file; try a smaller one.</source>
        <translation>内存不足，无法为这个文件打标签；请换一个小一些的文件。</translation>
    </message>
    <message>
        <source>The prediction stopped unexpectedly ({reason}).</source>
        <translation>预测意外停止（{reason}）。</translation>
    </message>
</context>
<context>
    <name>ExamplesModel</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>True</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>The text; double-click to open it in the inspector</source>
        <translation>文本；双击可在查看器中打开</translation>
    </message>
    <message>
        <source>The class the data gives it</source>
        <translation>数据给出的类别</translation>
    </message>
    <message>
        <source>The class the model chose</source>
        <translation>模型选择的类别</translation>
    </message>
    <message>
        <source>The probability the model gave its choice</source>
        <translation>模型给它所选类别的概率</translation>
    </message>
    <message>
        <source>The classes the model found most likely, with their probabilities</source>
        <translation>模型认为最可能的几个类别及其概率</translation>
    </message>
    <message>
        <source>The model gave the true class {probabilities:.1%}</source>
        <translation>模型给真实类别的概率为 {probabilities:.1%}</translation>
    </message>
</context>
<context>
    <name>FileFilters</name>
    <message>
        <source>Text tables (*.csv *.tsv *.tab *.jsonl *.ndjson *.json *.parquet *.pq *.txt *.text)</source>
        <translation>文本表格 (*.csv *.tsv *.tab *.jsonl *.ndjson *.json *.parquet *.pq *.txt *.text)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>TSV (*.tsv *.tab)</source>
        <translation>TSV (*.tsv *.tab)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson *.json)</source>
        <translation>JSON Lines (*.jsonl *.ndjson *.json)</translation>
    </message>
    <message>
        <source>Parquet (*.parquet *.pq)</source>
        <translation>Parquet (*.parquet *.pq)</translation>
    </message>
    <message>
        <source>Plain text, one sentence per line (*.txt *.text)</source>
        <translation>纯文本，每行一个句子 (*.txt *.text)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FillInView</name>
    <message>
        <source>Click a word to blank it out and let the model guess it; click a blank to fill in the model&apos;s best guess.</source>
        <translation>点击一个词把它遮住，让模型来猜；点击一个空白，填入模型的最佳猜测。</translation>
    </message>
    <message>
        <source>Pre-train a model on text (or open a pre-trained run) to let it fill in blanks.</source>
        <translation>在文本上预训练一个模型（或打开一个预训练运行），让它来填空。</translation>
    </message>
    <message>
        <source>Type a sentence with {mask} where a word should be guessed, or click a word.</source>
        <translation>输入一个句子，在要猜的词的位置写 {mask}，或点击一个词。</translation>
    </message>
    <message>
        <source>Fill in the model&apos;s best guess</source>
        <translation>填入模型的最佳猜测</translation>
    </message>
    <message>
        <source>Blank this word out and let the model guess</source>
        <translation>把这个词遮住，让模型来猜</translation>
    </message>
    <message>
        <source>Blank {k}</source>
        <translation>空白 {k}</translation>
    </message>
    <message>
        <source>Guesses</source>
        <translation>猜测</translation>
    </message>
</context>
<context>
    <name>GuidedTour</name>
    <message>
        <source>&amp;Guided tour</source>
        <translation>导览(&amp;G)</translation>
    </message>
    <message>
        <source>A few cards that show, on this window, how a Transformer reads text and learns</source>
        <translation>几张卡片，在这个窗口上演示 Transformer 如何阅读文本和学习</translation>
    </message>
</context>
<context>
    <name>HeadDetail</name>
    <message>
        <source>Click a head in the grid to see it here.</source>
        <translation>在网格中点击一个注意力头，在这里查看它。</translation>
    </message>
    <message>
        <source>Hea&amp;tmap</source>
        <translation>热力图(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Lines</source>
        <translation>连线(&amp;L)</translation>
    </message>
    <message>
        <source>The head&apos;s attention as a grid: rows attend to columns</source>
        <translation>以网格显示注意力头的注意力：行关注列</translation>
    </message>
    <message>
        <source>The head&apos;s attention as lines from each token to what it attends to</source>
        <translation>以连线显示注意力头的注意力：从每个词元连到它关注的词元</translation>
    </message>
    <message>
        <source>M&amp;ute this head</source>
        <translation>静音这个注意力头(&amp;U)</translation>
    </message>
    <message>
        <source>Zero this head&apos;s output before the layer&apos;s output projection and see what changes (right-click or Ctrl+click a head in the grid does the same)</source>
        <translation>在该层的输出投影之前把这个注意力头的输出置零，看看有什么变化（在网格中右键或 Ctrl+点击一个注意力头效果相同）</translation>
    </message>
    <message>
        <source>Rows attend to columns; every row sums to 1.</source>
        <translation>行关注列；每一行之和为 1。</translation>
    </message>
    <message>
        <source>T&amp;able</source>
        <translation>表格(&amp;A)</translation>
    </message>
    <message>
        <source>The same weights as numbers in a table, the tokens as its headers</source>
        <translation>以表格显示同样的权重，词元作为表头</translation>
    </message>
    <message>
        <source>Attention weights: each row (query) attends to the columns (keys)</source>
        <translation>注意力权重：每一行（查询）关注各列（键）</translation>
    </message>
    <message>
        <source>the row&apos;s token attends to the column&apos;s</source>
        <translation>该行的词元对该列词元的注意力</translation>
    </message>
</context>
<context>
    <name>HeadHeatmap</name>
    <message>
        <source>query (attends)</source>
        <translation>查询（发出关注）</translation>
    </message>
    <message>
        <source>key (attended to)</source>
        <translation>键（被关注）</translation>
    </message>
    <message>
        <source>Point at a cell to read its weight.</source>
        <translation>把鼠标指向一个格子可读取它的权重。</translation>
    </message>
    <message>
        <source>The exact attention weight under the cursor</source>
        <translation>鼠标下方格子的精确注意力权重</translation>
    </message>
</context>
<context>
    <name>HeadLines</name>
    <message>
        <source>Each query token (left) joined to what it attends to (right). Hover a token to single it out.</source>
        <translation>每个查询词元（左）连向它关注的词元（右）。把鼠标停在一个词元上可单独显示它。</translation>
    </message>
</context>
<context>
    <name>HeadStatsModel</name>
    <message>
        <source>Layer {layer}, head {head}: double-click to open it</source>
        <translation>第 {layer} 层，注意力头 {head}：双击打开</translation>
    </message>
    <message>
        <source>Layer {layer}, head {head}: {header} {value:.4f}</source>
        <translation>第 {layer} 层，注意力头 {head}：{header} {value:.4f}</translation>
    </message>
    <message>
        <source>{tip} Click to sort.</source>
        <translation>{tip} 点击可排序。</translation>
    </message>
</context>
<context>
    <name>HeadStatsTable</name>
    <message>
        <source>Head</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <source>Layer and head, counted from 1: L1 is the layer next to the input.</source>
        <translation>层和注意力头，从 1 开始计数：L1 是最靠近输入的层。</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <source>How spread out the head&apos;s attention is, averaged over the tokens (in nats). Low: each token looks at one or two others. High: it looks at everything about equally.</source>
        <translation>注意力头的注意力有多分散，对所有词元取平均（单位：奈特）。低：每个词元只看一两个其他词元。高：它几乎平均地看所有词元。</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>分散度</translation>
    </message>
    <message>
        <source>The entropy as a share of its largest possible value for this sentence: 100 % means every token spreads its attention evenly over all tokens, near 0 % means each looks at a single token.</source>
        <translation>熵占这个句子可能的最大值的比例：100 % 表示每个词元把注意力平均分给所有词元，接近 0 % 表示每个词元只看一个词元。</translation>
    </message>
    <message>
        <source>How much of the attention goes to [CLS], the start marker (the classifier reads it alone with [CLS] pooling).</source>
        <translation>有多少注意力落在起始标记 [CLS] 上（使用 [CLS] 汇聚时，分类器只读取它）。</translation>
    </message>
    <message>
        <source>How much of the attention goes to [SEP], the end marker; heads with nothing to do often park it there.</source>
        <translation>有多少注意力落在结束标记 [SEP] 上；无事可做的注意力头常常把注意力停放在那里。</translation>
    </message>
    <message>
        <source>Self</source>
        <translation>自身</translation>
    </message>
    <message>
        <source>How much each token attends to itself.</source>
        <translation>每个词元关注自身的程度。</translation>
    </message>
    <message>
        <source>Prev</source>
        <translation>前一个</translation>
    </message>
    <message>
        <source>How much each token attends to the token just before it (100 % is a perfect previous-token head).</source>
        <translation>每个词元关注紧挨在前面的词元的程度（100 % 表示完美的“前一个词元”注意力头）。</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>后一个</translation>
    </message>
    <message>
        <source>How much each token attends to the token just after it.</source>
        <translation>每个词元关注紧随其后的词元的程度。</translation>
    </message>
    <message>
        <source>Dist</source>
        <translation>距离</translation>
    </message>
    <message>
        <source>How far away, in tokens, the attended tokens are on average. Small: a local head. Large: it links distant words.</source>
        <translation>被关注的词元平均相距多少个词元。小：局部注意力头。大：它连接相距较远的词。</translation>
    </message>
    <message>
        <source>Type a sentence to see what each head attends to.</source>
        <translation>输入一个句子，看每个注意力头关注什么。</translation>
    </message>
    <message>
        <source>Hover a column title for what it means; double-click a row to open that head.</source>
        <translation>把鼠标停在列标题上可查看含义；双击一行可打开该注意力头。</translation>
    </message>
</context>
<context>
    <name>Headline</name>
    <message>
        <source>The share of texts whose class the model got right</source>
        <translation>模型判断正确的文本所占的比例</translation>
    </message>
    <message>
        <source>F1 averaged over the classes, each class counting the same however rare it is</source>
        <translation>各类别 F1 的平均值，每个类别无论多罕见都同等计入</translation>
    </message>
    <message>
        <source>Accuracy {accuracy:.1%}</source>
        <translation>准确率 {accuracy:.1%}</translation>
    </message>
    <message>
        <source>Macro-F1 {macro_f1:.3f}</source>
        <translation>宏平均 F1 {macro_f1:.3f}</translation>
    </message>
</context>
<context>
    <name>HeatmapBase</name>
    <message>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <source>Cividis (colour-blind safe)</source>
        <translation>Cividis（色盲友好）</translation>
    </message>
</context>
<context>
    <name>InfoMarker</name>
    <message>
        <source>this setting</source>
        <translation>这个设置</translation>
    </message>
    <message>
        <source>What is {name}?</source>
        <translation>什么是{name}？</translation>
    </message>
</context>
<context>
    <name>InspectControls</name>
    <message>
        <source>Gradient × input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>Integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Which tokens drove the prediction, as a colour under each token. Gradient × input is quick; integrated gradients is slower and more faithful (32 steps from a blank sentence). Attention alone does not explain a decision: this does, for the predicted class.</source>
        <translation>哪些词元推动了预测，以每个词元下方的颜色表示。“梯度 × 输入”速度快；“积分梯度”更慢但更可靠（从空白句子出发走 32 步）。注意力本身并不能解释一个决定：这个可以，针对预测的类别。</translation>
    </message>
    <message>
        <source>What the grid shows: every head, or one map per layer</source>
        <translation>网格显示什么：每个注意力头，或每层一张图</translation>
    </message>
    <message>
        <source>Sho&amp;w:</source>
        <translation>显示(&amp;W)：</translation>
    </message>
    <message>
        <source>Hi&amp;de [CLS] and [SEP]</source>
        <translation>隐藏 [CLS] 和 [SEP](&amp;D)</translation>
    </message>
    <message>
        <source>Leave out the [CLS] and [SEP] tokens, which often soak up attention, and spread each row&apos;s remaining attention to sum to 1 again</source>
        <translation>不计入 [CLS] 和 [SEP] 词元（它们常常吸走大量注意力），并把每行剩余的注意力重新归一，使其和为 1</translation>
    </message>
    <message>
        <source>Sali&amp;ency:</source>
        <translation>显著性(&amp;E)：</translation>
    </message>
    <message>
        <source>The colours of the heatmaps: both are perceptually uniform, 0 dark to 1 light</source>
        <translation>热力图的配色：两者在感知上都是均匀的，0 为深色，1 为浅色</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>配色(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Join pieces into words</source>
        <translation>把片段合并成词(&amp;J)</translation>
    </message>
    <message>
        <source>Show attention between words instead of pieces: WordPiece&apos;s ## pieces are joined into their word and Chinese characters into the words a segmenter finds. A word&apos;s row is the mean of its pieces&apos; rows and its column the sum of theirs, so each row still sums to 1; saliency is summed per word.</source>
        <translation>显示词与词之间的注意力，而不是片段之间的：WordPiece 的 ## 片段会合并回它们所属的词，汉字则合并为分词器找到的词。一个词的行是其各片段行的平均，列是其各片段列的和，所以每一行之和仍为 1；显著性按词求和。</translation>
    </message>
</context>
<context>
    <name>InspectExplanations</name>
    <message>
        <source>the views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Each head: every head&apos;s attention on its own (a row of the map is a word, bright squares are the words it looks at). Mean over heads: one map per layer, its heads averaged. Rollout: attention followed through all the layers below, so it shows which input words finally reach each position.</source>
        <translation>每个注意力头：单独显示每个注意力头的注意力（图中每一行是一个词，亮的方块是它看向的词）。各注意力头的平均：每层一张图，取该层注意力头的平均。展开（rollout）：沿着下面的所有层追踪注意力，显示哪些输入词最终到达每个位置。</translation>
    </message>
    <message>
        <source>[CLS] and [SEP]</source>
        <translation>[CLS] 和 [SEP]</translation>
    </message>
    <message>
        <source>[CLS] and [SEP] are markers added at the start and end of every text. Many heads park their attention on them when they have nothing to do; hiding them makes the rest easier to see.</source>
        <translation>[CLS] 和 [SEP] 是加在每段文本开头和结尾的标记。许多注意力头在无事可做时会把注意力停放在它们上面；隐藏它们能让其余部分更容易看清。</translation>
    </message>
    <message>
        <source>saliency</source>
        <translation>显著性</translation>
    </message>
    <message>
        <source>Saliency shows which words pushed the model towards its answer: the stronger the colour under a token, the more the decision depended on it.</source>
        <translation>显著性显示哪些词把模型推向了它的答案：词元下方的颜色越强，判断就越依赖它。</translation>
    </message>
    <message>
        <source>entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <source>Entropy measures how spread out a head&apos;s attention is: low means each word looks at one or two others, high means it looks at all of them about equally. Click a column title to sort the heads by it.</source>
        <translation>熵衡量一个注意力头的注意力有多分散：低表示每个词只看一两个其他词，高表示它几乎平均地看所有词。点击列标题可按它对注意力头排序。</translation>
    </message>
</context>
<context>
    <name>InspectExport</name>
    <message>
        <source>The grid as a PNG picture…</source>
        <translation>网格，保存为 PNG 图片…</translation>
    </message>
    <message>
        <source>The grid as an SVG drawing…</source>
        <translation>网格，保存为 SVG 矢量图…</translation>
    </message>
    <message>
        <source>The large head as a PNG picture…</source>
        <translation>放大的注意力头，保存为 PNG 图片…</translation>
    </message>
    <message>
        <source>The large head as an SVG drawing…</source>
        <translation>放大的注意力头，保存为 SVG 矢量图…</translation>
    </message>
    <message>
        <source>Every head&apos;s attention as CSV…</source>
        <translation>所有注意力头的注意力，保存为 CSV…</translation>
    </message>
    <message>
        <source>The large head&apos;s attention as CSV…</source>
        <translation>放大的注意力头的注意力，保存为 CSV…</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>There is nothing to export yet: type a sentence first.</source>
        <translation>还没有可以导出的内容：请先输入一个句子。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose a head in the grid first, then export it.</source>
        <translation>请先在网格中选择一个注意力头，再导出。</translation>
    </message>
    <message>
        <source>{name} cannot be saved in {parent} ({strerror}).</source>
        <translation>无法将 {name} 保存到 {parent}（{strerror}）。</translation>
    </message>
</context>
<context>
    <name>InspectExtras</name>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>What each head looks at in this sentence; click a column title to sort</source>
        <translation>每个注意力头在这个句子中看什么；点击列标题可排序</translation>
    </message>
    <message>
        <source>Over training</source>
        <translation>训练过程</translation>
    </message>
    <message>
        <source>How the chosen head&apos;s pattern on a few sentences formed while training</source>
        <translation>选中的注意力头在几个句子上的模式在训练中是如何形成的</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>A second sentence beside this one, and where their attention differs</source>
        <translation>在这个句子旁边再放一个句子，看它们的注意力在哪里不同</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>比较模型</translation>
    </message>
    <message>
        <source>This sentence through a second run or model with the same tokenizer: which heads changed most</source>
        <translation>这个句子经过第二个使用相同分词器的运行或模型：哪些注意力头变化最大</translation>
    </message>
    <message>
        <source>Open a run or train a model first.</source>
        <translation>请先打开一个运行或训练一个模型。</translation>
    </message>
</context>
<context>
    <name>InspectMaps</name>
    <message>
        <source>Each head</source>
        <translation>每个注意力头</translation>
    </message>
    <message>
        <source>Mean over heads</source>
        <translation>各注意力头的平均</translation>
    </message>
    <message>
        <source>Rollout (mean of heads)</source>
        <translation>展开（各头平均）</translation>
    </message>
    <message>
        <source>Rollout (max of heads)</source>
        <translation>展开（各头最大值）</translation>
    </message>
    <message>
        <source>Every head of every layer: rows are layers, columns are heads.</source>
        <translation>每层的每个注意力头：行是层，列是注意力头。</translation>
    </message>
    <message>
        <source>Each layer&apos;s heads averaged: one map per layer.</source>
        <translation>每层的注意力头取平均：每层一张图。</translation>
    </message>
    <message>
        <source>Attention rollout: how much each input token flows into each position up to that layer, the heads averaged and the residual connection added (every row sums to 1).</source>
        <translation>注意力展开（rollout）：到该层为止，每个输入词元有多少流向每个位置；各注意力头取平均并加上残差连接（每一行之和为 1）。</translation>
    </message>
    <message>
        <source>Attention rollout with the strongest head at each cell instead of the average.</source>
        <translation>注意力展开（rollout），每个格子取最强的注意力头而不是平均值。</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <source>Train a model or open a run on the Runs page to look inside it.</source>
        <translation>训练一个模型，或在“运行记录”页打开一个运行，查看它的内部。</translation>
    </message>
    <message>
        <source>Type a sentence in the box above to see how the model reads it.</source>
        <translation>在上方的输入框中输入一个句子，看模型如何读它。</translation>
    </message>
</context>
<context>
    <name>InspectPanel</name>
    <message>
        <source>a model in memory</source>
        <translation>内存中的模型</translation>
    </message>
    <message>
        <source>the run training now</source>
        <translation>正在训练的运行</translation>
    </message>
    <message>
        <source>Opening “{name}”…</source>
        <translation>正在打开“{name}”…</translation>
    </message>
    <message>
        <source>The latest snapshot could not be taken: {message}</source>
        <translation>无法获取最新快照：{message}</translation>
    </message>
    <message>
        <source>“{name}” cannot be opened: {reason} Choose another run or model folder above.</source>
        <translation>无法打开“{name}”：{reason} 请在上方选择其他运行或模型文件夹。</translation>
    </message>
    <message>
        <source>The run “{name}” cannot be shown: {message} Choose another run on the Runs page, or train a new model.</source>
        <translation>无法显示运行“{name}”：{message} 请在“运行记录”页选择其他运行，或训练一个新模型。</translation>
    </message>
    <message>
        <source>This sentence could not be inspected: {message}</source>
        <translation>无法查看这个句子：{message}</translation>
    </message>
    <message>
        <source>Saved {saved}.</source>
        <translation>已保存 {saved}。</translation>
    </message>
    <message>
        <source>Type a sentence, e.g. </source>
        <translation>输入一个句子，例如 </translation>
    </message>
    <message>
        <source>Everything below follows what you type, after a short pause</source>
        <translation>下面的所有内容会在你稍作停顿后跟随输入更新</translation>
    </message>
    <message>
        <source>&amp;Sentence:</source>
        <translation>句子(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>{n_layers} layers × {n_heads} heads</source>
        <translation>{n_layers} 层 × {n_heads} 个头</translation>
    </message>
    <message>
        <source>The model training now, as of step {step:,} ({size}); it refreshes at each evaluation.</source>
        <translation>正在训练的模型，截至第 {step:,} 步（{size}）；每次评估时刷新。</translation>
    </message>
    <message>
        <source>Pre-trained model “{name}”: {what}.</source>
        <translation>预训练模型“{name}”：{what}。</translation>
    </message>
    <message>
        <source>last saved weights</source>
        <translation>最后保存的权重</translation>
    </message>
    <message>
        <source>Run “{name}” ({size}), its {weights}.</source>
        <translation>运行“{name}”（{size}），使用{weights}。</translation>
    </message>
    <message>
        <source>{name} ({size}).</source>
        <translation>{name}（{size}）。</translation>
    </message>
</context>
<context>
    <name>InspectWorker</name>
    <message>
        <source>The model is still being set up; it can be inspected in a moment.</source>
        <translation>模型还在设置中；稍后即可查看。</translation>
    </message>
    <message>
        <source>There is no model to inspect yet.</source>
        <translation>还没有可以查看的模型。</translation>
    </message>
</context>
<context>
    <name>InspectionWorker</name>
    <message>
        <source>best weights</source>
        <translation>最佳权重</translation>
    </message>
    <message>
        <source>last weights</source>
        <translation>最后的权重</translation>
    </message>
    <message>
        <source>{weights} (step {step:,})</source>
        <translation>{weights}（第 {step:,} 步）</translation>
    </message>
    <message>
        <source>The model could not be opened</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>The sentence could not be inspected</source>
        <translation>无法查看这个句子</translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the current batch</source>
        <translation>在当前批次之后停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>LabelHistogram</name>
    <message>
        <source>How many rows each class has. The light part of a bar is held out for validation.</source>
        <translation>每个类别有多少行。条形中浅色的部分留作验证。</translation>
    </message>
    <message>
        <source>No labels</source>
        <translation>没有标签</translation>
    </message>
    <message>
        <source>… and {rest:,} more classes ({rest2:,} rows)</source>
        <translation>…… 以及另外 {rest:,} 个类别（{rest2:,} 行）</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>{name}: {total:,} rows ({share:.0%} of the data) — {total2:,} for training, {val:,} for validation</source>
        <translation>{name}：{total:,} 行（占数据的 {share:.0%}）— {total2:,} 行用于训练，{val:,} 行用于验证</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>The window&apos;s language; it changes when the app starts again</source>
        <translation>窗口的语言；在应用下次启动时生效</translation>
    </message>
    <message>
        <source>Takes effect when the app starts again</source>
        <translation>在应用下次启动时生效</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language shows the next time Transformer Workbench starts.</source>
        <translation>新的语言将在 Transformer Workbench 下次启动时显示。</translation>
    </message>
    <message>
        <source>A model is training: restart when it has finished.</source>
        <translation>模型正在训练：请在训练结束后重新启动。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>LensStrip</name>
    <message>
        <source>The lens: the model&apos;s answer read out after the embeddings (row E) and after each layer, with its own classifier (for BERT: pooler and classifier). Where the colours stop changing, the decision has formed.</source>
        <translation>透镜：在嵌入之后（E 行）以及每一层之后读出的模型答案，各用自己的分类器（对于 BERT：pooler 和分类器）。颜色不再变化的地方，判断就已形成。</translation>
    </message>
    <message>
        <source>Per layer (%)</source>
        <translation>每层 (%)</translation>
    </message>
    <message>
        <source>[MASK] guess</source>
        <translation>[MASK] 猜测</translation>
    </message>
    <message>
        <source>Per layer</source>
        <translation>每层</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a lesson file: its run and its steps, one view at a time</source>
        <translation>打开一个课程文件：它的运行和各个步骤，一次显示一个视图</translation>
    </message>
    <message>
        <source>&amp;Add this view as a step…</source>
        <translation>把当前视图添加为一步(&amp;A)…</translation>
    </message>
    <message>
        <source>Keep what is on screen now (page, sentence, head, muted heads, plot range) with a caption</source>
        <translation>保存屏幕上当前的内容（页面、句子、注意力头、静音的注意力头、曲线范围），并附上说明</translation>
    </message>
    <message>
        <source>&amp;Update this step</source>
        <translation>更新这一步(&amp;U)</translation>
    </message>
    <message>
        <source>Replace the step shown with the view on screen now (its caption stays)</source>
        <translation>用屏幕上当前的视图替换显示的这一步（说明保持不变）</translation>
    </message>
    <message>
        <source>&amp;Edit steps…</source>
        <translation>编辑步骤(&amp;E)…</translation>
    </message>
    <message>
        <source>Change captions, reorder or delete steps</source>
        <translation>修改说明、调整顺序或删除步骤</translation>
    </message>
    <message>
        <source>&amp;Save lesson…</source>
        <translation>保存课程(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the steps and their run in one file to open in class</source>
        <translation>把这些步骤及其运行保存在一个文件里，以便在课堂上打开</translation>
    </message>
    <message>
        <source>&amp;Next step</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>Show the lesson&apos;s next step</source>
        <translation>显示课程的下一步</translation>
    </message>
    <message>
        <source>&amp;Previous step</source>
        <translation>上一步(&amp;P)</translation>
    </message>
    <message>
        <source>Show the lesson&apos;s previous step</source>
        <translation>显示课程的上一步</translation>
    </message>
    <message>
        <source>&amp;Close lesson</source>
        <translation>关闭课程(&amp;C)</translation>
    </message>
    <message>
        <source>Stop showing the lesson (its run stays open)</source>
        <translation>不再显示课程（它的运行保持打开）</translation>
    </message>
    <message>
        <source>Train a model or open a run first: a lesson holds the run its steps show.</source>
        <translation>请先训练一个模型或打开一个运行：课程保存着它的步骤所显示的运行。</translation>
    </message>
    <message>
        <source>This lesson shows the run “{lesson}”, not “{shown}”. Close the lesson to start a new one with this run.</source>
        <translation>这个课程显示的是运行“{lesson}”，而不是“{shown}”。关闭课程后可以用这个运行开始一个新课程。</translation>
    </message>
    <message>
        <source>Add this view as a step</source>
        <translation>把当前视图添加为一步</translation>
    </message>
    <message>
        <source>Caption (what the class should see):</source>
        <translation>说明（给学生看的内容）：</translation>
    </message>
    <message>
        <source>Step {n} added.</source>
        <translation>已添加第 {n} 步。</translation>
    </message>
    <message>
        <source>This view shows another run than the lesson&apos;s; open the lesson&apos;s run first.</source>
        <translation>这个视图显示的不是课程的运行；请先打开课程的运行。</translation>
    </message>
    <message>
        <source>Step {n} now shows this view.</source>
        <translation>第 {n} 步现在显示这个视图。</translation>
    </message>
    <message>
        <source>Add a view as a step first: a lesson needs at least one step.</source>
        <translation>请先把一个视图添加为步骤：一个课程至少需要一步。</translation>
    </message>
    <message>
        <source>The lesson&apos;s run is still training; save the lesson once it has stopped.</source>
        <translation>课程的运行仍在训练；请在它停止后再保存课程。</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>Lessons (*{suffix})</source>
        <translation>课程 (*{suffix})</translation>
    </message>
    <message>
        <source>Lesson saved to {path}.</source>
        <translation>课程已保存到 {path}。</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>The lesson being made has unsaved steps. Discard them?</source>
        <translation>正在制作的课程有未保存的步骤。要丢弃它们吗？</translation>
    </message>
    <message>
        <source>Stop training first: a lesson opens its own run.</source>
        <translation>请先停止训练：课程会打开它自己的运行。</translation>
    </message>
    <message>
        <source>Lesson {name}: {n} steps. Page Down shows the next.</source>
        <translation>课程 {name}：共 {n} 步。按 Page Down 显示下一步。</translation>
    </message>
</context>
<context>
    <name>LoadedData</name>
    <message>
        <source>Restaurant and film reviews, positive or negative, told mostly by their adjectives, with a few &quot;not&quot;s: a small model learns it in seconds (the app&apos;s first data set).</source>
        <translation>餐厅和电影评论，正面或负面，主要由形容词决定，偶尔带有“not”：小模型几秒钟就能学会（本应用的第一个数据集）。</translation>
    </message>
    <message>
        <source>中文评论 - Chinese restaurant and product reviews, positive (正面) or negative (负面), decided by 不/没 negation, 但是/不过 contrast and 虽然 concession; validation uses sentence shapes never seen in training.</source>
        <translation>中文餐厅和商品评论，正面或负面，取决于“不/没”否定、“但是/不过”转折和“虽然”让步；验证集使用训练中从未出现过的句型。</translation>
    </message>
    <message>
        <source>Restaurant and film reviews, positive or negative, decided by how words relate (&quot;not bad&quot;, &quot;good but overpriced&quot;); validation uses sentence shapes never seen in training.</source>
        <translation>餐厅和电影评论，正面或负面，取决于词与词之间的关系（如“不差”“好但太贵”）；验证集使用训练中从未出现过的句型。</translation>
    </message>
    <message>
        <source>Rows of random words: does any word occur twice? Needs attention between matching words.</source>
        <translation>每行是一些随机的词：有没有哪个词出现了两次？需要在相同的词之间建立注意力。</translation>
    </message>
    <message>
        <source>Short remarks about sport, cooking, travel, music, technology or health; a few content words decide the topic.</source>
        <translation>关于体育、烹饪、旅行、音乐、科技或健康的简短评论；几个实义词决定了主题。</translation>
    </message>
    <message>
        <source>The label column {label_column!r} has {n:,} distinct values: is it an ID column?</source>
        <translation>标签列 {label_column!r} 有 {n:,} 个不同的值：它是不是 ID 列？</translation>
    </message>
    <message>
        <source>line {line} {reason}</source>
        <translation>第 {line} 行 {reason}</translation>
    </message>
    <message>
        <source>, … and {extra:,} more</source>
        <translation>，…… 以及另外 {extra:,} 行</translation>
    </message>
    <message>
        <source>1 row skipped: {named}{more}. The other rows are used; fix it in the file to use it too.</source>
        <translation>跳过了 1 行：{named}{more}。其余的行都已使用；在文件中修正这一行即可一并使用。</translation>
    </message>
    <message>
        <source>{count:,} rows skipped: {named}{more}. The other rows are used; fix these in the file to use them too.</source>
        <translation>跳过了 {count:,} 行：{named}{more}。其余的行都已使用；在文件中修正这些行即可一并使用。</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>{name} comes with its own validation set of {n_fixed_val:,} sentences, so this share does not apply.</source>
        <translation>{name} 自带 {n_fixed_val:,} 个句子的验证集，所以这个比例不适用。</translation>
    </message>
    <message>
        <source>The model never trains on these rows; its accuracy on them shows how it handles new text.</source>
        <translation>模型从不在这些行上训练；它在这些行上的准确率显示了它处理新文本的能力。</translation>
    </message>
    <message>
        <source>{n_split:,} training / {n_split2:,} validation sentences</source>
        <translation>{n_split:,} 个训练句子 / {n_split2:,} 个验证句子</translation>
    </message>
    <message>
        <source>{n_data:,} sentences (no validation split at this share)</source>
        <translation>{n_data:,} 个句子（这个比例下没有验证集）</translation>
    </message>
    <message>
        <source>{n_classes} classes</source>
        <translation>{n_classes} 个类别</translation>
    </message>
    <message>
        <source>encoding {encoding}</source>
        <translation>编码 {encoding}</translation>
    </message>
    <message>
        <source>built-in data</source>
        <translation>内置数据</translation>
    </message>
    <message>
        <source>{n_skipped:,} skipped</source>
        <translation>跳过 {n_skipped:,} 行</translation>
    </message>
</context>
<context>
    <name>LoopWiring</name>
    <message>
        <source>Settings of {name} filled in, except: {problems}</source>
        <translation>已填入 {name} 的设置，除了：{problems}</translation>
    </message>
    <message>
        <source>The settings of {name} are filled in: change one and press Start training.</source>
        <translation>已填入 {name} 的设置：改动其中一项后按“开始训练”。</translation>
    </message>
    <message>
        <source>Settings of {name} filled in.</source>
        <translation>已填入 {name} 的设置。</translation>
    </message>
    <message>
        <source>masked-token accuracy</source>
        <translation>掩码词元准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Training loss plot</source>
        <translation>训练损失曲线图</translation>
    </message>
    <message>
        <source>The training loss at each step, the validation loss and accuracy at each evaluation; the values at the latest step are written under the plot.</source>
        <translation>每一步的训练损失，以及每次评估的验证损失和准确率；最新一步的数值写在曲线图下方。</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>training loss (each step)</source>
        <translation>训练损失（每一步）</translation>
    </message>
    <message>
        <source>training loss (smoothed)</source>
        <translation>训练损失（平滑）</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The loss curve appears here once training starts.</source>
        <translation>训练开始后，这里会显示损失曲线。</translation>
    </message>
    <message>
        <source>The values at the step under the mouse pointer (or the latest step).</source>
        <translation>鼠标指针所在步（或最新一步）的数值。</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Transformer Workbench</source>
        <translation>Transformer Workbench</translation>
    </message>
    <message>
        <source>The steps: pick data, size the model, train, and look back at past runs.</source>
        <translation>步骤：选择数据、设定模型规模、训练，并回顾过去的运行。</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>还没有运行</translation>
    </message>
    <message>
        <source>The run shown in the plot and its folder.</source>
        <translation>曲线图中显示的运行及其文件夹。</translation>
    </message>
    <message>
        <source>Where training runs: the graphics card and its memory, or the CPU.</source>
        <translation>训练在哪里进行：显卡及其内存，或 CPU。</translation>
    </message>
    <message>
        <source>Could not look for graphics cards ({error}); using the CPU.</source>
        <translation>无法查找显卡（{error}）；改用 CPU。</translation>
    </message>
    <message>
        <source>The data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Ready: {title} is loaded. Press Start training to train a model.</source>
        <translation>就绪：已加载 {title}。按“开始训练”来训练一个模型。</translation>
    </message>
    <message>
        <source>Choose a built-in data set or open a file on the Data page to begin.</source>
        <translation>在“数据”页选择一个内置数据集或打开一个文件即可开始。</translation>
    </message>
    <message>
        <source>The data cannot change while a run trains; stop it first.</source>
        <translation>训练进行中时不能更改数据；请先停止训练。</translation>
    </message>
    <message>
        <source>The run shown in the plot is saved in {path}</source>
        <translation>曲线图中显示的运行保存在 {path}</translation>
    </message>
    <message>
        <source>Viewing: {name}</source>
        <translation>正在查看：{name}</translation>
    </message>
    <message>
        <source>Showing run {name} ({status}, {steps:,} steps).</source>
        <translation>正在显示运行 {name}（{status}，{steps:,} 步）。</translation>
    </message>
    <message>
        <source>Showing run {name}.</source>
        <translation>正在显示运行 {name}。</translation>
    </message>
    <message>
        <source>Comparing 1 run.</source>
        <translation>正在比较 1 个运行。</translation>
    </message>
    <message>
        <source>Comparing {shown} runs.</source>
        <translation>正在比较 {shown} 个运行。</translation>
    </message>
    <message>
        <source>Stopping: the window closes as soon as the model is saved…</source>
        <translation>正在停止：模型保存后窗口会立即关闭…</translation>
    </message>
</context>
<context>
    <name>MatrixCanvas</name>
    <message>
        <source>{share:.1%} of the {total:,} true “{labels}”</source>
        <translation>真实为“{labels}”的 {total:,} 个中的 {share:.1%}</translation>
    </message>
    <message>
        <source>no examples</source>
        <translation>没有例子</translation>
    </message>
    <message>
        <source>1 correct example, {share}</source>
        <translation>1 个正确的例子，{share}</translation>
    </message>
    <message>
        <source>{count:,} correct examples, {share}</source>
        <translation>{count:,} 个正确的例子，{share}</translation>
    </message>
    <message>
        <source>1 mistaken example, {share}</source>
        <translation>1 个错误的例子，{share}</translation>
    </message>
    <message>
        <source>{count:,} mistaken examples, {share}</source>
        <translation>{count:,} 个错误的例子，{share}</translation>
    </message>
    <message>
        <source>True: {true}
Predicted: {predicted}
{examples}</source>
        <translation>真实：{true}
预测：{predicted}
{examples}</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
</context>
<context>
    <name>MessageBox</name>
    <message>
        <source>Show or hide the full list</source>
        <translation>显示或隐藏完整列表</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>隐藏这条消息</translation>
    </message>
    <message>
        <source>Every skipped row with its line number in the file and the reason</source>
        <translation>每个被跳过的行，以及它在文件中的行号和原因</translation>
    </message>
    <message>
        <source>Show all {count:,}</source>
        <translation>显示全部 {count:,} 条</translation>
    </message>
    <message>
        <source>Hide the list</source>
        <translation>收起列表</translation>
    </message>
</context>
<context>
    <name>ModelCompareView</name>
    <message>
        <source>Choose a second run or model…</source>
        <translation>选择第二个运行或模型…</translation>
    </message>
    <message>
        <source>The heads whose attention on this sentence moved most; click one to see it</source>
        <translation>在这个句子上注意力移动最多的注意力头；点击一个查看</translation>
    </message>
    <message>
        <source>A head&apos;s change is the share of its attention that moved between the two models (0: the same, 1: no overlap), averaged over the tokens. Red: A (the model above) attends more; blue: B does.</source>
        <translation>一个注意力头的变化是它的注意力在两个模型之间移动的比例（0：相同，1：完全不重叠），对所有词元取平均。红色：A（上面的模型）关注更多；蓝色：B 关注更多。</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Choose a second run or model with the same tokenizer above.</source>
        <translation>请在上方选择第二个使用相同分词器的运行或模型。</translation>
    </message>
    <message>
        <source>{name} cannot be opened: {reason}</source>
        <translation>无法打开 {name}：{reason}</translation>
    </message>
    <message>
        <source>Open a run or model above first.</source>
        <translation>请先在上方打开一个运行或模型。</translation>
    </message>
    <message>
        <source>Type a sentence in the box at the top of the page.</source>
        <translation>在页面顶部的输入框中输入一个句子。</translation>
    </message>
    <message>
        <source>These models cannot be compared: {reason}</source>
        <translation>这些模型无法比较：{reason}</translation>
    </message>
    <message>
        <source>Change per head: A = {a}, B = {b}</source>
        <translation>每个注意力头的变化：A = {a}，B = {b}</translation>
    </message>
    <message>
        <source>L{layer} H{head}: {share} % moved</source>
        <translation>L{layer} H{head}：移动了 {share} %</translation>
    </message>
    <message>
        <source>A − B, layer {layer} head {head} ({share} % moved)</source>
        <translation>A − B，第 {layer} 层注意力头 {head}（移动了 {share} %）</translation>
    </message>
</context>
<context>
    <name>ModelCosts</name>
    <message>
        <source>this computer has</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>this GPU has</source>
        <translation>这块 GPU</translation>
    </message>
    <message>
        <source>{label} has</source>
        <translation>{label}</translation>
    </message>
</context>
<context>
    <name>ModelExplanations</name>
    <message>
        <source>the width (d_model)</source>
        <translation>宽度 (d_model)</translation>
    </message>
    <message>
        <source>Inside the model every token is a list of numbers, a vector; the width (d_model) is how many numbers. More numbers can hold more meaning, but training is slower.</source>
        <translation>在模型内部，每个词元都是一串数，即一个向量；宽度 (d_model) 就是数的个数。数越多能承载的含义越多，但训练更慢。</translation>
    </message>
    <message>
        <source>an attention head</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <source>A head is one way of choosing which other words each word looks at. Several heads look for different things at once, for example the word before, or a &apos;not&apos;.</source>
        <translation>注意力头是每个词选择去看哪些其他词的一种方式。几个注意力头同时寻找不同的东西，例如前一个词，或一个“not”。</translation>
    </message>
    <message>
        <source>a layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>A layer (block) is one round of words looking at each other and updating their numbers. More layers can combine ideas step by step, but train slower.</source>
        <translation>一层（一个块）就是一轮“词与词互相观察并更新自己的数值”。层数越多，越能一步步组合概念，但训练更慢。</translation>
    </message>
    <message>
        <source>the feed-forward size</source>
        <translation>前馈层大小</translation>
    </message>
    <message>
        <source>After looking at the other words, each word&apos;s numbers go through a small network of their own (the feed-forward part); this is its size, usually 4 times the width.</source>
        <translation>看过其他词之后，每个词的数值还要经过一个属于自己的小网络（前馈部分）；这是它的大小，通常是宽度的 4 倍。</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>dropout</translation>
    </message>
    <message>
        <source>While training, this share of the numbers is switched off at random, so the model cannot rely on any single one and learns rules that also work on new text. 0.1 is usual.</source>
        <translation>训练时会随机关闭这个比例的数值，使模型不能依赖任何单个数值，从而学到在新文本上也成立的规律。通常为 0.1。</translation>
    </message>
    <message>
        <source>the maximum length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>The longest text the model reads, counted in tokens (words or word pieces); longer texts are cut.</source>
        <translation>模型读取的最长文本，以词元（词或词片段）计；更长的文本会被截断。</translation>
    </message>
    <message>
        <source>the positional encoding</source>
        <translation>位置编码</translation>
    </message>
    <message>
        <source>Attention alone does not know word order: this is how the model is told which word comes first, second, third, so that &apos;not good&apos; and &apos;good, not&apos; differ.</source>
        <translation>注意力本身不知道词序：模型要靠这个才知道哪个词在第一、第二、第三，从而区分“not good”和“good, not”。</translation>
    </message>
    <message>
        <source>what the classifier reads</source>
        <translation>分类器读取什么</translation>
    </message>
    <message>
        <source>The classifier makes the final decision from one summary of the text: the average of all words, or the [CLS] token, a start marker the model learns to use as the summary.</source>
        <translation>分类器根据文本的一个概括做出最终判断：所有词的平均，或 [CLS] 词元（一个起始标记，模型学会把它用作概括）。</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>Small · 999 M</source>
        <translation>小型 · 999 M</translation>
    </message>
    <message>
        <source>The settings below no longer match a preset</source>
        <translation>下面的设置已不再符合任何预设</translation>
    </message>
    <message>
        <source>Custom size</source>
        <translation>自定义规模</translation>
    </message>
    <message>
        <source>Why this size was picked for you; choosing another size hides this note.</source>
        <translation>为什么为你选择了这个规模；选择其他规模后这条说明会隐藏。</translation>
    </message>
    <message>
        <source>Start from a size</source>
        <translation>从一个规模开始</translation>
    </message>
    <message>
        <source>Encoder stack</source>
        <translation>编码器堆叠</translation>
    </message>
    <message>
        <source>{title} is selected because training runs on the CPU: its loss curve starts falling within seconds. Small and Base can learn more but take minutes there.</source>
        <translation>选择了{title}，因为训练在 CPU 上进行：它的损失曲线几秒内就开始下降。小型和基础模型能学到更多，但在 CPU 上需要几分钟。</translation>
    </message>
    <message>
        <source>{title} is selected because training runs on the graphics card{where}. Base is bigger and slower.</source>
        <translation>选择了{title}，因为训练在显卡{where}上进行。基础模型更大也更慢。</translation>
    </message>
    <message>
        <source>The model cannot change while it trains; stop the run to edit it.</source>
        <translation>模型训练时不能更改；请先停止运行再编辑。</translation>
    </message>
    <message>
        <source>{h}  ({d_model} numbers each)</source>
        <translation>{h}（每个 {d_model} 个数）</translation>
    </message>
    <message>
        <source>{preset}: width {d_model}, {n_heads} heads, {n_layers} layers, feed-forward {d_ff} — {size:,} parameters with the current vocabulary</source>
        <translation>{preset}：宽度 {d_model}，{n_heads} 个头，{n_layers} 层，前馈 {d_ff} — 按当前词表共 {size:,} 个参数</translation>
    </message>
    <message>
        <source>{preset}: width {d_model}, {n_heads} heads, {n_layers} layers, feed-forward {d_ff} — up to {size:,} parameters with the current vocabulary</source>
        <translation>{preset}：宽度 {d_model}，{n_heads} 个头，{n_layers} 层，前馈 {d_ff} — 按当前词表最多 {size:,} 个参数</translation>
    </message>
    <message>
        <source>= {ratio:.3g} × width</source>
        <translation>= {ratio:.3g} × 宽度</translation>
    </message>
</context>
<context>
    <name>OfferCard</name>
    <message>
        <source>Guided tour offer</source>
        <translation>导览邀请</translation>
    </message>
    <message>
        <source>New to Transformers?</source>
        <translation>第一次接触 Transformer？</translation>
    </message>
    <message>
        <source>A short guided tour shows, on this window, how the model turns text into a decision and how it learns. It can be opened again from the Help menu.</source>
        <translation>一个简短的导览会在这个窗口上演示模型如何把文本变成判断，以及它如何学习。之后可以从“帮助”菜单再次打开。</translation>
    </message>
    <message>
        <source>Take the tour</source>
        <translation>开始导览</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
</context>
<context>
    <name>OnnxExport</name>
    <message>
        <source>ONNX export failed: {reason}</source>
        <translation>ONNX 导出失败：{reason}</translation>
    </message>
    <message>
        <source>not checked (onnxruntime is not installed)</source>
        <translation>未检查（没有安装 onnxruntime）</translation>
    </message>
    <message>
        <source>agrees with PyTorch to {d:.1e}</source>
        <translation>与 PyTorch 的差异在 {d:.1e} 以内</translation>
    </message>
    <message>
        <source>Wrote {path} ({mb:.1f} MB; {checked}) with tokenizer.json and labels.json beside it.</source>
        <translation>已写入 {path}（{mb:.1f} MB；{checked}），旁边附带 tokenizer.json 和 labels.json。</translation>
    </message>
</context>
<context>
    <name>Overlays</name>
    <message>
        <source>{name}: training loss</source>
        <translation>{name}：训练损失</translation>
    </message>
    <message>
        <source>{name}: validation loss</source>
        <translation>{name}：验证损失</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Choose the text to learn from: a built-in data set or your own file.</source>
        <translation>选择用来学习的文本：内置数据集或你自己的文件。</translation>
    </message>
    <message>
        <source>Choose the size and shape of the Transformer.</source>
        <translation>选择 Transformer 的规模和结构。</translation>
    </message>
    <message>
        <source>Choose where and how long to train, then start and watch the loss fall.</source>
        <translation>选择在哪里训练、训练多久，然后开始训练并看着损失下降。</translation>
    </message>
    <message>
        <source>Type a sentence and see what every attention head of the model looks at, and why it decided.</source>
        <translation>输入一个句子，看模型的每个注意力头在看什么，以及它为什么这样判断。</translation>
    </message>
    <message>
        <source>How well a model does on labelled text: accuracy, the confusion matrix and the examples it gets wrong.</source>
        <translation>模型在带标签文本上的表现：准确率、混淆矩阵以及它出错的例子。</translation>
    </message>
    <message>
        <source>Past runs: open their curves, compare them, continue a stopped one.</source>
        <translation>过去的运行：打开它们的曲线、相互比较、继续已停止的运行。</translation>
    </message>
</context>
<context>
    <name>PlotControls</name>
    <message>
        <source>How much to smooth the training loss (0 = none, 0.999 = very smooth). The faint line is always the
raw loss of each step; the solid line is its moving average, as in TensorBoard.</source>
        <translation>训练损失的平滑程度（0 = 不平滑，0.999 = 非常平滑）。淡色的线始终是
每一步的原始损失；实线是它的移动平均，与 TensorBoard 中相同。</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Also draw the learning rate at each step, on its own scale at the right.</source>
        <translation>同时画出每一步的学习率，使用右侧单独的刻度。</translation>
    </message>
    <message>
        <source>Lo&amp;g scale</source>
        <translation>对数刻度(&amp;G)</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale, so late small improvements stay visible.</source>
        <translation>用对数刻度显示损失，后期的小幅改善也能看清。</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>Save the plot as a picture, or its numbers as a table.</source>
        <translation>将曲线图保存为图片，或将其数值保存为表格。</translation>
    </message>
    <message>
        <source>Save the plot as a &amp;picture (PNG)…</source>
        <translation>将曲线图保存为图片 (PNG)(&amp;P)…</translation>
    </message>
    <message>
        <source>The plot with its axes and legend, as it looks on screen.</source>
        <translation>曲线图连同坐标轴和图例，与屏幕上看到的一样。</translation>
    </message>
    <message>
        <source>Save the &amp;numbers as a table (CSV)…</source>
        <translation>将数值保存为表格 (CSV)(&amp;N)…</translation>
    </message>
    <message>
        <source>Every step&apos;s loss, smoothed loss and learning rate, and the validation results (opens in a spreadsheet).</source>
        <translation>每一步的损失、平滑后的损失和学习率，以及验证结果（可用电子表格打开）。</translation>
    </message>
    <message>
        <source>Save the plot as a picture</source>
        <translation>将曲线图保存为图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Save the numbers as CSV</source>
        <translation>将数值保存为 CSV</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>The file could not be written ({reason}). Choose another folder or name.</source>
        <translation>无法写入文件（{reason}）。请选择其他文件夹或文件名。</translation>
    </message>
</context>
<context>
    <name>PredictionView</name>
    <message>
        <source>This model was pre-trained to fill in hidden words, so it predicts no classes. Put [MASK] in the sentence to see its guesses; the attention below works as for any model.</source>
        <translation>这个模型是为填补被遮住的词而预训练的，所以不预测类别。在句子中放入 [MASK] 可查看它的猜测；下方的注意力与其他模型一样可用。</translation>
    </message>
    <message>
        <source>The model&apos;s probability for each class; the predicted one is highlighted</source>
        <translation>模型给每个类别的概率；预测的类别会高亮显示</translation>
    </message>
</context>
<context>
    <name>Preparing</name>
    <message>
        <source>Preparing: starting the training thread…</source>
        <translation>准备中：启动训练线程…</translation>
    </message>
    <message>
        <source>Preparing: loading the run…</source>
        <translation>准备中：加载运行…</translation>
    </message>
    <message>
        <source>Preparing: checking the file ({percent} %)…</source>
        <translation>准备中：检查文件（{percent} %）…</translation>
    </message>
    <message>
        <source>Preparing: reading the data ({percent} %)…</source>
        <translation>准备中：读取数据（{percent} %）…</translation>
    </message>
    <message>
        <source>Preparing: learning the vocabulary from {total:,} training texts…</source>
        <translation>准备中：从 {total:,} 条训练文本中学习词表…</translation>
    </message>
    <message>
        <source>Preparing: building the model and the run folder…</source>
        <translation>准备中：构建模型和运行文件夹…</translation>
    </message>
    <message>
        <source>Preparing: tokenizing the corpus into shards, once ({percent} %)…</source>
        <translation>准备中：将语料切分成词元分片（只做一次，{percent} %）…</translation>
    </message>
    <message>
        <source>Preparing: tokenizing the texts ({done:,} of {total:,})…</source>
        <translation>准备中：对文本进行分词（{done:,} / {total:,}）…</translation>
    </message>
    <message>
        <source>Preparing: tokenized {total:,} texts; taking the first step…</source>
        <translation>准备中：已对 {total:,} 条文本分词；正在进行第一步…</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
</context>
<context>
    <name>PretrainedLock</name>
    <message>
        <source>1 layer</source>
        <translation>1 层</translation>
    </message>
    <message>
        <source>{n} layers</source>
        <translation>{n} 层</translation>
    </message>
    <message>
        <source>1 head</source>
        <translation>1 个注意力头</translation>
    </message>
    <message>
        <source>{n} heads</source>
        <translation>{n} 个头</translation>
    </message>
    <message>
        <source>{d_model} wide, {layers}, {heads}</source>
        <translation>宽 {d_model}，{layers}，{heads}</translation>
    </message>
    <message>
        <source>Fine-tuning keeps the size of the pre-trained run {name} ({shape}); choose Classify on the Train page to size a model yourself.</source>
        <translation>微调会沿用预训练运行 {name} 的规模（{shape}）；要自己设定模型规模，请在“训练”页选择“分类”。</translation>
    </message>
    <message>
        <source>Fine-tuning uses the pre-trained run&apos;s tokenizer ({kind}, vocabulary {vocab_size:,}); choose Classify on the Train page to train a new one.</source>
        <translation>微调使用预训练运行的分词器（{kind}，词表 {vocab_size:,}）；要训练新的分词器，请在“训练”页选择“分类”。</translation>
    </message>
</context>
<context>
    <name>PretrainedPicker</name>
    <message>
        <source>No pre-trained runs yet: pre-train one first</source>
        <translation>还没有预训练运行：请先预训练一个</translation>
    </message>
    <message>
        <source>{masked_accuracy:.1%} masked</source>
        <translation>掩码 {masked_accuracy:.1%}</translation>
    </message>
    <message>
        <source>{path}
Model: {model}, {steps:,} steps, {status}</source>
        <translation>{path}
模型：{model}，{steps:,} 步，{status}</translation>
    </message>
    <message>
        <source>{name} (pre-trained model)</source>
        <translation>{name}（预训练模型）</translation>
    </message>
    <message>
        <source>Open a pre-trained model…</source>
        <translation>打开预训练模型…</translation>
    </message>
    <message>
        <source>Fine-tune a Hugging Face model folder (config.json, model.safetensors and its tokenizer)</source>
        <translation>微调一个 Hugging Face 模型文件夹（config.json、model.safetensors 及其分词器）</translation>
    </message>
    <message>
        <source>Fine-tuning starts from this pre-trained run&apos;s encoder and tokenizer: {path}</source>
        <translation>微调从这个预训练运行的编码器和分词器开始：{path}</translation>
    </message>
    <message>
        <source>Pre-train a model first (choose Pre-train above and press Start training); it is listed here.</source>
        <translation>请先预训练一个模型（在上方选择“预训练”并按“开始训练”）；它会列在这里。</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>{run_dir} is not a folder; give a run folder (one with run.json).</source>
        <translation>{run_dir} 不是文件夹；请给出一个运行文件夹（包含 run.json 的文件夹）。</translation>
    </message>
</context>
<context>
    <name>PreviewTable</name>
    <message>
        <source>Rows that were read</source>
        <translation>读取到的行</translation>
    </message>
</context>
<context>
    <name>PreviewTableModel</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Row {row:,} of the {part} data</source>
        <translation>{part}数据的第 {row:,} 行</translation>
    </message>
    <message>
        <source>Position among the usable rows (skipped rows are not counted; the messages above give their line numbers in the file)</source>
        <translation>在可用行中的位置（被跳过的行不计入；上方的消息给出了它们在文件中的行号）</translation>
    </message>
    <message>
        <source>The text the model reads</source>
        <translation>模型读取的文本</translation>
    </message>
    <message>
        <source>The class the model learns to predict</source>
        <translation>模型学习预测的类别</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>class {i}</source>
        <translation>类别 {i}</translation>
    </message>
    <message>
        <source>… {n_probs} more classes, {rest:.1%} together</source>
        <translation>…… 另外 {n_probs} 个类别，合计 {rest:.1%}</translation>
    </message>
</context>
<context>
    <name>ProbeReplay</name>
    <message>
        <source>This run has no recorded attention yet. While a model trains, the attention of a few validation sentences is saved at every evaluation; once there are some, this view replays how a head&apos;s pattern formed.</source>
        <translation>这个运行还没有记录注意力。模型训练时，每次评估都会保存几个验证句子的注意力；有了记录之后，这个视图会回放注意力头的模式是如何形成的。</translation>
    </message>
    <message>
        <source>The probe sentence whose attention was recorded at every evaluation</source>
        <translation>每次评估时都记录了注意力的探测句子</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step through the evaluations from the one shown to the last</source>
        <translation>从当前显示的评估一步步走到最后一次</translation>
    </message>
    <message>
        <source>Which evaluation to show: the first on the left, the latest on the right</source>
        <translation>显示哪一次评估：最左边是第一次，最右边是最新一次</translation>
    </message>
    <message>
        <source>Sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>Step {step:,} · evaluation {index} of {n}</source>
        <translation>第 {step:,} 步 · 第 {index} 次评估，共 {n} 次</translation>
    </message>
    <message>
        <source>{where}: no recording of layer {layer}, head {head} here.</source>
        <translation>{where}：这里没有第 {layer} 层注意力头 {head} 的记录。</translation>
    </message>
    <message>
        <source>Layer {layer} · head {head}</source>
        <translation>第 {layer} 层 · 注意力头 {head}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>masked-token accuracy</source>
        <translation>掩码词元准确率</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>validation at step {eval_step:,}: loss {value}{acc_text}</source>
        <translation>第 {eval_step:,} 步的验证：损失 {value}{acc_text}</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <source>No files opened yet</source>
        <translation>还没有打开过文件</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name}（缺失）</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>RunPicker</name>
    <message>
        <source>Open a pre-trained model folder (config.json, model.safetensors, tokenizer)</source>
        <translation>打开一个预训练模型文件夹（config.json、model.safetensors、分词器）</translation>
    </message>
    <message>
        <source>The run shown on this page; choose another, or open a pre-trained model folder</source>
        <translation>这个页面显示的运行；选择另一个，或打开一个预训练模型文件夹</translation>
    </message>
    <message>
        <source>The run trained or opened last</source>
        <translation>最近训练或打开的运行</translation>
    </message>
    <message>
        <source>{name} (pre-trained model)</source>
        <translation>{name}（预训练模型）</translation>
    </message>
    <message>
        <source>Open a pre-trained model…</source>
        <translation>打开预训练模型…</translation>
    </message>
    <message>
        <source>A Hugging Face model folder: config.json, model.safetensors and its tokenizer (vocab.txt or tokenizer.json), e.g. what save_pretrained writes</source>
        <translation>Hugging Face 模型文件夹：config.json、model.safetensors 及其分词器（vocab.txt 或 tokenizer.json），例如 save_pretrained 写出的文件夹</translation>
    </message>
</context>
<context>
    <name>RunSettings</name>
    <message>
        <source>The pre-trained run {name} it started from is no longer in the runs folder; choose another one under Fine-tune, or choose Classify.</source>
        <translation>它作为起点的预训练运行 {name} 已不在运行记录文件夹中；请在“微调”下选择其他运行，或选择“分类”。</translation>
    </message>
    <message>
        <source>The text it was pre-trained on, {name}, is no longer at {source}; choose it (or another text) under Pre-train on the Train page.</source>
        <translation>它预训练所用的文本 {name} 已不在 {source}；请在“训练”页的“预训练”下选择它（或另一个文本）。</translation>
    </message>
    <message>
        <source>The settings of {name} cannot be read: {err}</source>
        <translation>无法读取 {name} 的设置：{err}</translation>
    </message>
</context>
<context>
    <name>RunTools</name>
    <message>
        <source>Follow</source>
        <translation>跟踪</translation>
    </message>
    <message>
        <source>Show the selected run&apos;s curves as another process writes them (e.g. a torchrun job).</source>
        <translation>在另一个进程（例如 torchrun 任务）写入时显示选中运行的曲线。</translation>
    </message>
    <message>
        <source>Export to ONNX…</source>
        <translation>导出为 ONNX…</translation>
    </message>
    <message>
        <source>ONNX export needs {packages}, not installed here: pip install &quot;transformer-workbench[onnx]&quot;.</source>
        <translation>导出 ONNX 需要 {packages}，但这里没有安装：pip install &quot;transformer-workbench[onnx]&quot;。</translation>
    </message>
    <message>
        <source>Write the selected run&apos;s model as an ONNX file (with tokenizer.json and labels.json beside it), to run it without Python and PyTorch.</source>
        <translation>把选中运行的模型写成一个 ONNX 文件（旁边附带 tokenizer.json 和 labels.json），这样不需要 Python 和 PyTorch 就能运行。</translation>
    </message>
    <message>
        <source>Export to ONNX</source>
        <translation>导出为 ONNX</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
</context>
<context>
    <name>RunsColumns</name>
    <message>
        <source> masked</source>
        <translation> 掩码</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>pre-train</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>tiny</source>
        <translation>微型</translation>
    </message>
    <message>
        <source>small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>{name} (built in)</source>
        <translation>{name}（内置）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The run&apos;s name (rename it with Rename…); the folder name until renamed.</source>
        <translation>运行的名称（可用“重命名…”修改）；未重命名前为文件夹名。</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>classify: learnt the labels; pre-train: learnt to fill in masked words (labels ignored); fine-tune: learnt the labels starting from a pre-trained run.</source>
        <translation>分类：学习标签；预训练：学习填补被遮住的词（忽略标签）；微调：从一个预训练运行开始学习标签。</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>At the end (or the last evaluation): the share of validation texts classified correctly; for pre-training runs (&apos;masked&apos;) the share of masked words guessed right.</source>
        <translation>训练结束时（或最后一次评估时）：验证文本被正确分类的比例；对预训练运行（“掩码”）则是被猜对的掩码词比例。</translation>
    </message>
    <message>
        <source>Val. loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Validation loss at the end (or the last evaluation); lower is better.</source>
        <translation>训练结束时（或最后一次评估时）的验证损失；越低越好。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model size: the preset (or &apos;custom&apos;) with its width (d_model) × layers × attention heads.</source>
        <translation>模型规模：预设（或“自定义”），以及宽度 (d_model) × 层数 × 注意力头数。</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Texts per training step.</source>
        <translation>每个训练步的文本数。</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Peak learning rate.</source>
        <translation>学习率峰值。</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Training steps done.</source>
        <translation>已完成的训练步数。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>finished, stopped (can be continued), failed, interrupted (the app closed while training), running, or damaged (a file of the run cannot be read: the tooltip says which; delete the run or repair the file).</source>
        <translation>已完成、已停止（可继续）、失败、已中断（训练时应用被关闭）、运行中，或已损坏（运行的某个文件无法读取：提示框会说明是哪个；请删除该运行或修复文件）。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The data it was trained on.</source>
        <translation>训练它所用的数据。</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>When the run started.</source>
        <translation>运行开始的时间。</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Space the run folder takes on disk.</source>
        <translation>运行文件夹占用的磁盘空间。</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Every training is kept as a run: its settings, curves and saved model. Open one to see its curves, select several to compare them, or continue a stopped run.</source>
        <translation>每次训练都保存为一个运行：它的设置、曲线和保存的模型。打开一个运行查看曲线，选择多个进行比较，或继续一个已停止的运行。</translation>
    </message>
    <message>
        <source>The folder where runs are saved.</source>
        <translation>保存运行记录的文件夹。</translation>
    </message>
    <message>
        <source>&amp;Choose folder…</source>
        <translation>选择文件夹(&amp;C)…</translation>
    </message>
    <message>
        <source>Keep runs in another folder (for example on a larger disk).</source>
        <translation>把运行记录放在另一个文件夹（例如更大的磁盘上）。</translation>
    </message>
    <message>
        <source>Show in file&amp;s</source>
        <translation>在文件管理器中显示(&amp;S)</translation>
    </message>
    <message>
        <source>Open the runs folder in the file manager.</source>
        <translation>在文件管理器中打开运行记录文件夹。</translation>
    </message>
    <message>
        <source>Your runs, newest first; click a column&apos;s title to sort by it. Double-click a run to open it, right-click for more; Ctrl+click to select several.</source>
        <translation>你的运行记录，最新的在前；点击列标题可按该列排序。双击一个运行可打开它，右键查看更多操作；按住 Ctrl 点击可多选。</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Show the selected run&apos;s curves in the plot.</source>
        <translation>在曲线图中显示选中运行的曲线。</translation>
    </message>
    <message>
        <source>Con&amp;tinue training</source>
        <translation>继续训练(&amp;T)</translation>
    </message>
    <message>
        <source>Carry on training a stopped run from its last checkpoint.</source>
        <translation>从最后一个检查点继续训练一个已停止的运行。</translation>
    </message>
    <message>
        <source>Train &amp;again</source>
        <translation>重新训练(&amp;A)</translation>
    </message>
    <message>
        <source>Fill the Data, Model and Train pages with this run&apos;s settings, to change one and start again.</source>
        <translation>用这个运行的设置填写“数据”、“模型”和“训练”页，改动某一项后重新开始。</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比较(&amp;M)</translation>
    </message>
    <message>
        <source>Draw the curves of all selected runs on top of each other.</source>
        <translation>把所有选中运行的曲线叠加画在一起。</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>Give the selected run a name of your own (the folder keeps its name).</source>
        <translation>给选中的运行起一个自己的名字（文件夹名不变）。</translation>
    </message>
    <message>
        <source>&amp;Note…</source>
        <translation>备注(&amp;N)…</translation>
    </message>
    <message>
        <source>Write a note about the selected run, e.g. what you were trying.</source>
        <translation>为选中的运行写一条备注，例如你当时在尝试什么。</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the selected runs and their files (asks first).</source>
        <translation>删除选中的运行及其文件（会先询问）。</translation>
    </message>
    <message>
        <source>Refr&amp;esh</source>
        <translation>刷新(&amp;E)</translation>
    </message>
    <message>
        <source>Read the runs folder again.</source>
        <translation>重新读取运行记录文件夹。</translation>
    </message>
    <message>
        <source>More about the selected run.</source>
        <translation>选中运行的更多信息。</translation>
    </message>
    <message>
        <source>How many runs there are and the disk space they take together.</source>
        <translation>一共有多少个运行，以及它们一共占用的磁盘空间。</translation>
    </message>
    <message>
        <source>Choose the runs folder</source>
        <translation>选择运行记录文件夹</translation>
    </message>
    <message>
        <source>Runs folder: {root}</source>
        <translation>运行记录文件夹：{root}</translation>
    </message>
    <message>
        <source>1 run · {size}</source>
        <translation>1 个运行 · {size}</translation>
    </message>
    <message>
        <source>{n} runs · {size}</source>
        <translation>{n} 个运行 · {size}</translation>
    </message>
    <message>
        <source>No runs yet: start a training and it appears here.</source>
        <translation>还没有运行记录：开始一次训练，它就会出现在这里。</translation>
    </message>
    <message>
        <source>This run finished; start a new run to train more.</source>
        <translation>这个运行已经完成；要继续训练，请开始一个新的运行。</translation>
    </message>
    <message>
        <source>This run has no saved checkpoint to continue from.</source>
        <translation>这个运行没有可以继续的检查点。</translation>
    </message>
    <message>
        <source>This run&apos;s config.toml is missing or unreadable, so its settings are not known.</source>
        <translation>这个运行的 config.toml 缺失或无法读取，因此不知道它的设置。</translation>
    </message>
    <message>
        <source>The run&apos;s folder: {path}</source>
        <translation>运行的文件夹：{path}</translation>
    </message>
    <message>
        <source>Pre-trained</source>
        <translation>已预训练</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>已微调</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>{what} from {run}</source>
        <translation>{what}，起点为 {run}</translation>
    </message>
    <message>
        <source>{what}: {model}, batch {batch_size}, learning rate {lr}, seed {seed}, {steps:,} steps</source>
        <translation>{what}：{model}，批大小 {batch_size}，学习率 {lr}，随机种子 {seed}，{steps:,} 步</translation>
    </message>
    <message>
        <source>Trained on {text}</source>
        <translation>训练于 {text}</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>备注：{text}</translation>
    </message>
    <message>
        <source>Cannot change the run</source>
        <translation>无法修改这个运行</translation>
    </message>
    <message>
        <source>Cannot delete the run</source>
        <translation>无法删除这个运行</translation>
    </message>
    <message>
        <source>{path} is being written by another process (a training).</source>
        <translation>{path} 正在被另一个进程（一次训练）写入。</translation>
    </message>
    <message>
        <source>{path} could not be deleted: {err}.</source>
        <translation>无法删除 {path}：{err}。</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>New name for this run:</source>
        <translation>这个运行的新名称：</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>A note about this run:</source>
        <translation>关于这个运行的备注：</translation>
    </message>
    <message>
        <source>the run “{name}”</source>
        <translation>运行“{name}”</translation>
    </message>
    <message>
        <source>{n_rows} runs</source>
        <translation>{n_rows} 个运行</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {what} and all its files ({size})? This cannot be undone.</source>
        <translation>删除{what}及其全部文件（{size}）？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ScoresText</name>
    <message>
        <source>{words}, {examples:,} examples, scored at step {step:,}</source>
        <translation>{words}，{examples:,} 个例子，在第 {step:,} 步评分</translation>
    </message>
    <message>
        <source>{words}, {examples:,} examples, as saved when training ended</source>
        <translation>{words}，{examples:,} 个例子，训练结束时保存</translation>
    </message>
    <message>
        <source>On the {source}.</source>
        <translation>基于{source}。</translation>
    </message>
    <message>
        <source>These scores are from step {step:,}, but the run&apos;s saved weights are from step {weights:,}: it trained on after they were scored (closed or stopped before scoring again).</source>
        <translation>这些评分来自第 {step:,} 步，但运行保存的权重来自第 {weights:,} 步：评分之后它又继续训练了（在再次评分之前被关闭或停止）。</translation>
    </message>
</context>
<context>
    <name>ScratchRun</name>
    <message>
        <source>fine-tuned (pre-trained start)</source>
        <translation>微调（从预训练开始）</translation>
    </message>
    <message>
        <source>from scratch: </source>
        <translation>从头训练：</translation>
    </message>
    <message>
        <source>Choose the pre-trained run to start from. There is none yet? Choose Pre-train, press Start training, and fine-tune the result.</source>
        <translation>选择作为起点的预训练运行。还没有？先选择“预训练”，按“开始训练”，然后对结果进行微调。</translation>
    </message>
    <message>
        <source>The pre-trained run {name} no longer exists; choose another one or pre-train again.</source>
        <translation>预训练运行 {name} 已不存在；请选择其他运行或重新预训练。</translation>
    </message>
    <message>
        <source>The pre-trained run {name} has no {missing}; choose another run or pre-train again.</source>
        <translation>预训练运行 {name} 没有{missing}；请选择其他运行或重新预训练。</translation>
    </message>
    <message>
        <source>{name} did not start from a pre-trained run, so it has no twin from scratch.</source>
        <translation>{name} 不是从预训练运行开始的，所以没有对应的从头训练版本。</translation>
    </message>
    <message>
        <source>pre-training gained {diff:.1f} points</source>
        <translation>预训练带来了 {diff:.1f} 个百分点的提升</translation>
    </message>
    <message>
        <source>pre-training gained nothing ({diff:+.1f})</source>
        <translation>预训练没有带来提升（{diff:+.1f}）</translation>
    </message>
    <message>
        <source>Validation accuracy fine-tuned {a:.1%}, from scratch {b:.1%}: {verdict}.</source>
        <translation>验证准确率：微调 {a:.1%}，从头训练 {b:.1%}：{verdict}。</translation>
    </message>
</context>
<context>
    <name>SettingsLevel</name>
    <message>
        <source>&amp;Simple settings</source>
        <translation>简单设置(&amp;S)</translation>
    </message>
    <message>
        <source>Show only the settings a first run needs; the others keep their values</source>
        <translation>只显示第一次运行需要的设置；其他设置保持原值</translation>
    </message>
    <message>
        <source>A&amp;ll settings</source>
        <translation>全部设置(&amp;L)</translation>
    </message>
    <message>
        <source>Show every setting, each with a ? that explains it</source>
        <translation>显示全部设置，每项都有一个“?”说明它</translation>
    </message>
</context>
<context>
    <name>SettingsLevelSwitch</name>
    <message>
        <source>Settings:</source>
        <translation>设置：</translation>
    </message>
    <message>
        <source>Simple</source>
        <translation>简单</translation>
    </message>
    <message>
        <source>Show only what a first run needs; the other settings keep their values</source>
        <translation>只显示第一次运行需要的内容；其他设置保持原值</translation>
    </message>
    <message>
        <source>All settings</source>
        <translation>全部设置</translation>
    </message>
    <message>
        <source>Show every setting, each with a ? that explains it</source>
        <translation>显示全部设置，每项都有一个“?”说明它</translation>
    </message>
</context>
<context>
    <name>ShapeForm</name>
    <message>
        <source>Shape</source>
        <translation>结构</translation>
    </message>
    <message>
        <source>How many numbers describe each token inside the model ({range}). Wider models can learn more but are slower and need more memory; 128–512 suits most small data sets.</source>
        <translation>模型内部用多少个数来描述每个词元（{range}）。更宽的模型能学到更多，但更慢、需要更多内存；大多数小数据集适合 128–512。</translation>
    </message>
    <message>
        <source>How many separate attention patterns each block learns at once. Only counts that divide the width evenly are offered; each head then works with width ÷ heads numbers.</source>
        <translation>每个块同时学习多少种独立的注意力模式。只提供能整除宽度的数目；每个注意力头使用 宽度 ÷ 头数 个数。</translation>
    </message>
    <message>
        <source>How many blocks are stacked ({range}). More blocks can learn more complex relations between words but train slower; 2–6 is typical for a few thousand sentences.</source>
        <translation>堆叠多少个块（{range}）。块越多，越能学到词与词之间更复杂的关系，但训练更慢；几千个句子通常用 2–6 个。</translation>
    </message>
    <message>
        <source>Size of the hidden layer in each block&apos;s feed-forward part ({range}). Usually 4 × the width.</source>
        <translation>每个块前馈部分的隐藏层大小（{range}）。通常是宽度的 4 倍。</translation>
    </message>
    <message>
        <source>Share of values switched off at random while training, so the model cannot lean on any single one ({range}; 0.1 is typical, more helps when the model memorises small data). Not used when predicting.</source>
        <translation>训练时随机关闭的数值比例，使模型不能依赖任何单个数值（{range}；通常为 0.1，模型死记小数据时调大会有帮助）。预测时不使用。</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>The longest text the model reads, in tokens; longer texts are cut at the end ({range}). Memory for attention grows with the square of this, so keep it just above your typical text length.</source>
        <translation>模型读取的最长文本，以词元计；更长的文本会在末尾截断（{range}）。注意力所需内存随它的平方增长，所以设得略高于你的典型文本长度即可。</translation>
    </message>
    <message>
        <source>How the model knows word order. Sinusoidal adds fixed wave patterns (no parameters to learn); Learned trains one vector per position (a few more parameters, limited to the maximum length); ALiBi adds no vectors but makes each head favour nearby words, some heads more than others; Sinusoidal + ALiBi does both, which lets masked-word pre-training use the neighbours from the start.</source>
        <translation>模型如何知道词序。正弦编码加入固定的波形模式（无需学习参数）；可学习编码为每个位置训练一个向量（参数稍多，受最大长度限制）；ALiBi 不加向量，而是让每个注意力头偏向附近的词，有些头偏得更多；正弦 + ALiBi 两者兼用，使掩码词预训练从一开始就能利用相邻的词。</translation>
    </message>
    <message>
        <source>What the classifier reads. Mean of all words averages the last layer over the text, which is what masked-word pre-training trains; the [CLS] token is BERT&apos;s way, a start marker whose last state the classifier alone teaches to sum up the text (pre-training never does).</source>
        <translation>分类器读取什么。“所有词的平均”对最后一层在整段文本上取平均，这正是掩码词预训练所训练的；[CLS] 词元是 BERT 的做法，它是一个起始标记，其最后状态只由分类器教它去概括文本（预训练从不训练它）。</translation>
    </message>
    <message>
        <source>&amp;Width (d_model):</source>
        <translation>宽度 (d_model)(&amp;W)：</translation>
    </message>
    <message>
        <source>Attention h&amp;eads:</source>
        <translation>注意力头数(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Layers (blocks):</source>
        <translation>层数（块数）(&amp;L)：</translation>
    </message>
    <message>
        <source>Feed-forward si&amp;ze:</source>
        <translation>前馈层大小(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Dropout:</source>
        <translation>Dropout(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Maximum length:</source>
        <translation>最大长度(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Positional encoding:</source>
        <translation>位置编码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Classifier reads:</source>
        <translation>分类器读取(&amp;C)：</translation>
    </message>
</context>
<context>
    <name>SourcePicker</name>
    <message>
        <source>The column that holds the text the model reads</source>
        <translation>存放模型要读的文本的列</translation>
    </message>
    <message>
        <source>The column that holds the class to predict (at least two different values)</source>
        <translation>存放要预测的类别的列（至少有两个不同的值）</translation>
    </message>
    <message>
        <source>Built-in data has fixed columns</source>
        <translation>内置数据的列是固定的</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>— a file is loaded —</source>
        <translation>— 已加载一个文件 —</translation>
    </message>
    <message>
        <source>none in this installation</source>
        <translation>本安装中没有</translation>
    </message>
    <message>
        <source>Ready-made example data sets that need no file: pick one to start training at once</source>
        <translation>现成的示例数据集，不需要文件：选一个即可立即开始训练</translation>
    </message>
    <message>
        <source>&amp;Built-in data:</source>
        <translation>内置数据(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>打开文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Load your own data: a CSV, TSV, JSON Lines, Parquet or plain text file with one text per row and a label column (you can also drop a file on the window)</source>
        <translation>加载你自己的数据：CSV、TSV、JSON Lines、Parquet 或纯文本文件，每行一个文本，另有一列标签（也可以把文件拖到窗口上）</translation>
    </message>
    <message>
        <source>&amp;Recent</source>
        <translation>最近(&amp;R)</translation>
    </message>
    <message>
        <source>Files you opened before (the last 8)</source>
        <translation>之前打开过的文件（最近 8 个）</translation>
    </message>
    <message>
        <source>&amp;Text column:</source>
        <translation>文本列(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>标签列(&amp;L)：</translation>
    </message>
    <message>
        <source>What will be used for training and for measuring accuracy</source>
        <translation>哪些数据将用于训练和测量准确率</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
</context>
<context>
    <name>SplitView</name>
    <message>
        <source>Why an unbalanced data set needs a closer look at the results</source>
        <translation>为什么不均衡的数据集需要更仔细地查看结果</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>The share of rows held out to measure accuracy on text the model never trained on (5–50 %; 10 % is a good start). Each class keeps its share.</source>
        <translation>留出多少比例的行，用来在模型从未训练过的文本上测量准确率（5–50 %；10 % 是不错的起点）。每个类别保持各自的比例。</translation>
    </message>
    <message>
        <source>Validatio&amp;n share:</source>
        <translation>验证集比例(&amp;N)：</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>The classes are unbalanced: “{smallest}” has only {counts:,} rows ({share:.1%}). Accuracy can look good while that class is mostly missed; watch the macro F1 score.</source>
        <translation>类别不均衡：“{smallest}”只有 {counts:,} 行（{share:.1%}）。即使这个类别大多被漏掉，准确率也可能看起来不错；请关注宏平均 F1。</translation>
    </message>
</context>
<context>
    <name>StackDiagram</name>
    <message>
        <source>The encoder these settings build, read from the bottom up: each token becomes a vector, the blocks mix information between tokens, and at the top the classifier reads the mean of the word vectors (or the [CLS] vector) to decide the class.</source>
        <translation>这些设置构建的编码器，从下往上读：每个词元变成一个向量，各个块在词元之间混合信息，最上方的分类器读取词向量的平均（或 [CLS] 向量）来决定类别。</translation>
    </message>
    <message>
        <source>Encoder stack diagram</source>
        <translation>编码器堆叠示意图</translation>
    </message>
    <message>
        <source>the [CLS] vector</source>
        <translation>[CLS] 向量</translation>
    </message>
    <message>
        <source>the mean of the word vectors</source>
        <translation>词向量的平均</translation>
    </message>
    <message>
        <source>× {n_layers} blocks</source>
        <translation>× {n_layers} 个块</translation>
    </message>
    <message>
        <source>Embedding + sinusoidal</source>
        <translation>嵌入 + 正弦位置</translation>
    </message>
    <message>
        <source>Token embedding (ALiBi: positions in attention)</source>
        <translation>词元嵌入（ALiBi：位置在注意力中）</translation>
    </message>
    <message>
        <source>Embedding (ALiBi)</source>
        <translation>嵌入 (ALiBi)</translation>
    </message>
    <message>
        <source>Embedding of {vocab_size:,} tokens into {d_model} numbers plus positions ({positional}), {n_layers} blocks with {n_heads} attention heads and a feed-forward layer of {d_ff}, a final layer norm and a classifier on {classifier_input}.</source>
        <translation>把 {vocab_size:,} 个词元嵌入为 {d_model} 个数，并加上位置信息（{positional}）；{n_layers} 个块，每块有 {n_heads} 个注意力头和大小为 {d_ff} 的前馈层；最后是层归一化和基于{classifier_input}的分类器。</translation>
    </message>
    <message>
        <source>Token embedding + learned positions</source>
        <translation>词元嵌入 + 可学习位置编码</translation>
    </message>
    <message>
        <source>Embedding + learned</source>
        <translation>嵌入 + 可学习位置</translation>
    </message>
    <message>
        <source>Token embedding + sinusoidal positions</source>
        <translation>词元嵌入 + 正弦位置编码</translation>
    </message>
    <message>
        <source>{title} (+ ALiBi)</source>
        <translation>{title}（+ ALiBi）</translation>
    </message>
    <message>
        <source>{short} + ALiBi</source>
        <translation>{short} + ALiBi</translation>
    </message>
    <message>
        <source>{vocab_size:,} pieces × {d_model} numbers · up to {max_len} tokens</source>
        <translation>{vocab_size:,} 个片段 × {d_model} 个数 · 最多 {max_len} 个词元</translation>
    </message>
    <message>
        <source>⋮   1 more block like these   ⋮</source>
        <translation>⋮   还有 1 个这样的块   ⋮</translation>
    </message>
    <message>
        <source>⋮   {more} more blocks like these   ⋮</source>
        <translation>⋮   还有 {more} 个这样的块   ⋮</translation>
    </message>
    <message>
        <source>Final layer norm</source>
        <translation>最终层归一化</translation>
    </message>
    <message>
        <source>{n_classes} classes</source>
        <translation>{n_classes} 个类别</translation>
    </message>
    <message>
        <source>one score per class</source>
        <translation>每个类别一个分数</translation>
    </message>
    <message>
        <source>[CLS] vector → classifier</source>
        <translation>[CLS] 向量 → 分类器</translation>
    </message>
    <message>
        <source>Mean of the word vectors → classifier</source>
        <translation>词向量平均 → 分类器</translation>
    </message>
    <message>
        <source>[CLS] → classifier</source>
        <translation>[CLS] → 分类器</translation>
    </message>
    <message>
        <source>Mean → classifier</source>
        <translation>平均 → 分类器</translation>
    </message>
    <message>
        <source>{d_model} numbers → {classes}</source>
        <translation>{d_model} 个数 → {classes}</translation>
    </message>
    <message>
        <source>Block {number}</source>
        <translation>第 {number} 块</translation>
    </message>
    <message>
        <source>dropout {dropout:g}</source>
        <translation>dropout {dropout:g}</translation>
    </message>
    <message>
        <source>no dropout</source>
        <translation>无 dropout</translation>
    </message>
    <message>
        <source>Feed-forward  {d_model} → {d_ff} → {d_model}</source>
        <translation>前馈  {d_model} → {d_ff} → {d_model}</translation>
    </message>
    <message>
        <source>Attention  1 head × {head_dim}</source>
        <translation>注意力  1 个头 × {head_dim}</translation>
    </message>
    <message>
        <source>Attention  {n_heads} heads × {head_dim}</source>
        <translation>注意力  {n_heads} 个头 × {head_dim}</translation>
    </message>
    <message>
        <source>Attention  {n_heads} × {head_dim}</source>
        <translation>注意力  {n_heads} × {head_dim}</translation>
    </message>
</context>
<context>
    <name>StepsDialog</name>
    <message>
        <source>Lesson steps</source>
        <translation>课程步骤</translation>
    </message>
    <message>
        <source>Page: {page}</source>
        <translation>页面：{page}</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Double-click a caption to change it; drag a step or use the buttons to reorder.</source>
        <translation>双击说明可以修改；拖动步骤或使用按钮可以调整顺序。</translation>
    </message>
</context>
<context>
    <name>TaskPicker</name>
    <message>
        <source>Plain text (*.txt *.text *.md);;All files (*)</source>
        <translation>纯文本 (*.txt *.text *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Learn the labels: the model learns to predict each text&apos;s label.</source>
        <translation>学习标签：模型学习预测每个文本的标签。</translation>
    </message>
    <message>
        <source>Learn the language first by filling in masked words (15 % of them); labels are ignored. Fine-tune the result on the labels afterwards.</source>
        <translation>先通过填补被遮住的词（其中 15 %）来学习语言；忽略标签。之后再在标签上微调结果。</translation>
    </message>
    <message>
        <source>Learn the labels starting from a pre-trained run: its encoder and tokenizer are kept and a new classifier is trained on top.</source>
        <translation>从一个预训练运行开始学习标签：保留它的编码器和分词器，并在上面训练一个新的分类器。</translation>
    </message>
    <message>
        <source>What to train</source>
        <translation>训练什么</translation>
    </message>
    <message>
        <source>Classif&amp;y</source>
        <translation>分类(&amp;Y)</translation>
    </message>
    <message>
        <source>P&amp;re-train</source>
        <translation>预训练(&amp;R)</translation>
    </message>
    <message>
        <source>Fi&amp;ne-tune a pre-trained run</source>
        <translation>微调一个预训练运行(&amp;N)</translation>
    </message>
    <message>
        <source>The Data page&apos;s texts (labels ignored)</source>
        <translation>“数据”页的文本（忽略标签）</translation>
    </message>
    <message>
        <source>Choose a plain-text file…</source>
        <translation>选择一个纯文本文件…</translation>
    </message>
    <message>
        <source>The text to pre-train on: the Data page&apos;s texts (their labels are not used), or a plain-text file (one passage per line, or a whole book: short lines are joined into passages).</source>
        <translation>用于预训练的文本：“数据”页的文本（不使用其标签），或一个纯文本文件（每行一段，或一整本书：短行会合并成段落）。</translation>
    </message>
    <message>
        <source>S&amp;ource text:</source>
        <translation>源文本(&amp;O)：</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>no freezing</source>
        <translation>不冻结</translation>
    </message>
    <message>
        <source>Train only the new classifier for this many steps, with the pre-trained encoder held still, so the untrained head cannot disturb what pre-training learnt. 0 = train everything from the start.</source>
        <translation>在这么多步内只训练新的分类器，保持预训练编码器不动，这样未经训练的分类头不会破坏预训练学到的东西。0 = 从一开始就训练全部参数。</translation>
    </message>
    <message>
        <source>The encoder&apos;s learning rate as a share of the learning rate below (the new classifier gets all of it). Below 1 (e.g. 0.3) changes the pre-trained encoder more gently; 0 keeps it fixed.</source>
        <translation>编码器的学习率，表示为下方学习率的比例（新的分类器使用完整的学习率）。小于 1（例如 0.3）时对预训练编码器的改动更温和；0 则保持它不变。</translation>
    </message>
    <message>
        <source>Then train it from scratch too</source>
        <translation>然后也从头训练一次</translation>
    </message>
    <message>
        <source>When this fine-tuning ends, train the same classification with the same settings, steps and seed but no pre-trained start; the two curves are drawn together.</source>
        <translation>这次微调结束后，用相同的设置、步数和随机种子训练同样的分类，但不从预训练开始；两条曲线会画在一起。</translation>
    </message>
    <message>
        <source>Train fro&amp;m scratch beside it</source>
        <translation>在它旁边从头训练(&amp;M)</translation>
    </message>
    <message>
        <source>Start fr&amp;om:</source>
        <translation>起点(&amp;O)：</translation>
    </message>
    <message>
        <source>Free&amp;ze encoder for:</source>
        <translation>冻结编码器(&amp;Z)：</translation>
    </message>
    <message>
        <source>Encoder learning rate:</source>
        <translation>编码器学习率：</translation>
    </message>
    <message>
        <source>Data page: {title}</source>
        <translation>“数据”页：{title}</translation>
    </message>
    <message>
        <source>The Data page&apos;s texts</source>
        <translation>“数据”页的文本</translation>
    </message>
    <message>
        <source>{what} · labels ignored</source>
        <translation>{what} · 忽略标签</translation>
    </message>
    <message>
        <source>Choose a text to pre-train on</source>
        <translation>选择用于预训练的文本</translation>
    </message>
    <message>
        <source>Train the same classification with the same settings, steps and seed as the last fine-tuning run, but without the pre-trained start, and draw both curves together.</source>
        <translation>用与上一次微调运行相同的设置、步数和随机种子训练同样的分类，但不从预训练开始，并把两条曲线画在一起。</translation>
    </message>
    <message>
        <source>Fine-tune a pre-trained run first; then this trains the same from scratch to compare.</source>
        <translation>请先微调一个预训练运行；然后这里会用同样的设置从头训练一次，以便比较。</translation>
    </message>
</context>
<context>
    <name>TokenAxis</name>
    <message>
        <source>Out of view, so that every shown token has its label: {rows} of {total_rows} rows and {cols} of {total_cols} columns. Drag to see them.</source>
        <translation>超出视图，以便每个显示的词元都有标签：显示了 {total_rows} 行中的 {rows} 行、{total_cols} 列中的 {cols} 列。拖动可查看其余部分。</translation>
    </message>
    <message>
        <source>{hidden} of the {total} rows are out of view, so that every shown token has its label: drag to see them.</source>
        <translation>{total} 行中有 {hidden} 行超出视图，以便每个显示的词元都有标签：拖动可查看。</translation>
    </message>
    <message>
        <source>{hidden} of the {total} columns are out of view, so that every shown token has its label: drag to see them.</source>
        <translation>{total} 列中有 {hidden} 列超出视图，以便每个显示的词元都有标签：拖动可查看。</translation>
    </message>
</context>
<context>
    <name>TokenHeatmap</name>
    <message>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Show the same numbers as a table, the tokens as its headers</source>
        <translation>以表格显示同样的数值，词元作为表头</translation>
    </message>
    <message>
        <source>Show as a table</source>
        <translation>以表格显示</translation>
    </message>
    <message>
        <source>The map&apos;s numbers: each row&apos;s token attends to the column&apos;s</source>
        <translation>图中的数值：每一行的词元对各列词元的注意力</translation>
    </message>
</context>
<context>
    <name>TokenStrip</name>
    <message>
        <source>a special token the model adds</source>
        <translation>模型添加的特殊词元</translation>
    </message>
    <message>
        <source>a word the tokenizer does not know: the model sees only [UNK]</source>
        <translation>分词器不认识的词：模型只看到 [UNK]</translation>
    </message>
    <message>
        <source>a word piece continuing the token before it</source>
        <translation>接续前一个词元的词片段</translation>
    </message>
    <message>
        <source>a whole word</source>
        <translation>一个完整的词</translation>
    </message>
    <message>
        <source>{tok}: {kind} (position {index}).</source>
        <translation>{tok}：{kind}（位置 {index}）。</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Saliency {score:+.4f}: pushes toward {about}.</source>
        <translation>显著性 {score:+.4f}：推向{about}。</translation>
    </message>
    <message>
        <source>Saliency {score:+.4f}: pushes away from {about}.</source>
        <translation>显著性 {score:+.4f}：推离{about}。</translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>Saliency is off (see Saliency below).</source>
        <translation>显著性已关闭（见下方的“显著性”）。</translation>
    </message>
    <message>
        <source>Working out which tokens mattered ({method})…</source>
        <translation>正在计算哪些词元起了作用（{method}）…</translation>
    </message>
    <message>
        <source>class {target}</source>
        <translation>类别 {target}</translation>
    </message>
    <message>
        <source>No saliency for this sentence: {message}</source>
        <translation>这个句子没有显著性：{message}</translation>
    </message>
    <message>
        <source>Under each token, its saliency for “{label}” ({method}): orange pushes toward it, blue away from it; a longer bar, a larger share. Hover a token for its value.</source>
        <translation>每个词元下方是它对“{label}”的显著性（{method}）：橙色推向它，蓝色推离它；条越长，占比越大。把鼠标停在词元上可查看数值。</translation>
    </message>
</context>
<context>
    <name>TokenizerPreview</name>
    <message>
        <source>WordPiece (word pieces)</source>
        <translation>WordPiece（词片段）</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>How text is cut into pieces. WordPiece learns whole words and common word parts (best for most text); Characters uses single letters (tiny vocabulary, longer sequences).</source>
        <translation>文本如何被切分成片段。WordPiece 学习完整的词和常见的词的部分（适合大多数文本）；“字符”使用单个字母或汉字（词表很小，序列更长）。</translation>
    </message>
    <message>
        <source>The most pieces the tokenizer may learn ({range}; 8,000 suits a few thousand sentences). Small data gives fewer. A bigger vocabulary means a bigger embedding table.</source>
        <translation>分词器最多可以学习的片段数（{range}；几千个句子适合 8,000）。数据少时会更少。词表越大，嵌入表也越大。</translation>
    </message>
    <message>
        <source>To&amp;kenizer:</source>
        <translation>分词器(&amp;K)：</translation>
    </message>
    <message>
        <source>Voc&amp;abulary size:</source>
        <translation>词表大小(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Preview tokens</source>
        <translation>预览词元(&amp;P)</translation>
    </message>
    <message>
        <source>Train the tokenizer on the training text now and show how a few sentences are split</source>
        <translation>现在用训练文本训练分词器，并展示几个句子是如何切分的</translation>
    </message>
    <message>
        <source>Type a sentence to see its pieces</source>
        <translation>输入一个句子查看它的片段</translation>
    </message>
    <message>
        <source>Type any sentence to see how the previewed tokenizer splits it</source>
        <translation>输入任意句子，看预览的分词器如何切分它</translation>
    </message>
    <message>
        <source>Tr&amp;y:</source>
        <translation>试试(&amp;Y)：</translation>
    </message>
    <message>
        <source>Load usable data first.</source>
        <translation>请先加载可用的数据。</translation>
    </message>
    <message>
        <source>Training the tokenizer on the training text…</source>
        <translation>正在用训练文本训练分词器…</translation>
    </message>
    <message>
        <source>Press Preview tokens to learn the vocabulary from the training text and see how sentences are split.</source>
        <translation>按“预览词元”从训练文本中学习词表，并查看句子是如何切分的。</translation>
    </message>
    <message>
        <source>The tokenizer could not be trained.</source>
        <translation>无法训练分词器。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vocabulary: {vocab_size:,} pieces&lt;/b&gt;</source>
        <translation>&lt;b&gt;词表：{vocab_size:,} 个片段&lt;/b&gt;</translation>
    </message>
    <message>
        <source> — all the training text holds ({asked:,} allowed)</source>
        <translation> — 训练文本一共只有这么多（允许 {asked:,}）</translation>
    </message>
    <message>
        <source>&lt;br&gt;Sentences: {mean:.0f} pieces on average, 95 % at most {p95:,}, longest {longest:,} (the model&apos;s maximum length should cover most).</source>
        <translation>&lt;br&gt;句子：平均 {mean:.0f} 个片段，95 % 不超过 {p95:,}，最长 {longest:,}（模型的最大长度应覆盖大多数句子）。</translation>
    </message>
    <message>
        <source>{count} unknown pieces ([UNK]): the vocabulary has no piece for them.</source>
        <translation>{count} 个未知片段 ([UNK])：词表里没有它们的片段。</translation>
    </message>
    <message>
        <source>1 unknown piece ([UNK]): the vocabulary has no piece for it.</source>
        <translation>1 个未知片段 ([UNK])：词表里没有它的片段。</translation>
    </message>
</context>
<context>
    <name>TourCard</name>
    <message>
        <source>Guided tour</source>
        <translation>导览</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>End the tour (Esc); Help ▸ Guided tour starts it again</source>
        <translation>结束导览（Esc）；“帮助 ▸ 导览”可以重新开始</translation>
    </message>
    <message>
        <source>Close the tour</source>
        <translation>关闭导览</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Step {n} of {count}</source>
        <translation>第 {n} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>TourCards</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Everything starts with text: here, short reviews. Each row is one example with its label, the answer the model should learn to give, such as positive or negative.</source>
        <translation>一切从文本开始：这里是简短的评论。每一行是一个例子及其标签，也就是模型应该学会给出的答案，比如正面或负面。</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>A computer cannot read letters the way we do. The tokenizer cuts each sentence into tokens: whole words, or pieces of rarer words. Every token has a number in the vocabulary, the list of all the tokens the model knows.</source>
        <translation>计算机无法像我们一样阅读文字。分词器把每个句子切成词元：完整的词，或较少见的词的片段。每个词元在词表中都有一个编号，词表就是模型认识的所有词元的列表。</translation>
    </message>
    <message>
        <source>Vectors</source>
        <translation>向量</translation>
    </message>
    <message>
        <source>Each token then becomes a vector: a list of numbers, as many as the model&apos;s width (d_model). Training adjusts these numbers until words used in similar ways get similar numbers.</source>
        <translation>然后每个词元变成一个向量：一串数，个数等于模型的宽度 (d_model)。训练会调整这些数，直到用法相似的词得到相似的数。</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Attention lets every word look at the other words of its sentence and take in some of their meaning: in &apos;not bad&apos;, &apos;bad&apos; looks at &apos;not&apos;. On the Inspect page you type a sentence and see it as a map: each row is a word, and the bright squares are the words it looks at.</source>
        <translation>注意力让每个词都能看向句子中的其他词，并吸收它们的部分含义：在“not bad”中，“bad”会看向“not”。在“查看”页输入一个句子，就能看到它的注意力图：每一行是一个词，亮的方块是它看向的词。</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>注意力头</translation>
    </message>
    <message>
        <source>A head is one attention pattern. Several heads work side by side, each free to look for something else: the next word, the word before, a &apos;not&apos;. The Inspect page shows every head in a grid; click one to see it large.</source>
        <translation>一个注意力头就是一种注意力模式。几个注意力头并行工作，各自寻找不同的东西：下一个词、前一个词、一个“not”。“查看”页在网格中显示每个注意力头；点击一个可以放大查看。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>A layer is one round of attention followed by a small calculation for each word. Layers are stacked, as in this drawing: each starts from what the layer below worked out, so higher layers can combine ideas, such as &apos;not&apos; with &apos;bad&apos;.</source>
        <translation>一层就是一轮注意力，再加上对每个词的一个小计算。各层像这张图一样堆叠：每一层都从下面一层的结果出发，所以更高的层能组合概念，比如把“not”和“bad”放在一起。</translation>
    </message>
    <message>
        <source>The decision</source>
        <translation>判断</translation>
    </message>
    <message>
        <source>At the top, the classifier turns the words&apos; numbers into a decision: a probability for each label, for example 80 % positive and 20 % negative. The largest one is the model&apos;s answer.</source>
        <translation>在最上方，分类器把各个词的数值变成一个判断：每个标签一个概率，例如 80 % 正面、20 % 负面。最大的那个就是模型的答案。</translation>
    </message>
    <message>
        <source>The loss falls</source>
        <translation>损失下降</translation>
    </message>
    <message>
        <source>The loss measures how wrong the answers are: lower is better. An untrained model only guesses, at the dashed chance line. Each training step nudges all the numbers to make the loss a little smaller, so the curve falls as the model learns. Press Start training to watch it.</source>
        <translation>损失衡量答案错得有多厉害：越低越好。未经训练的模型只会猜，停在虚线所示的随机水平。每个训练步都会微调所有的数值，让损失小一点，所以随着模型学习，曲线会下降。按“开始训练”来观察。</translation>
    </message>
</context>
<context>
    <name>TrainExplanations</name>
    <message>
        <source>the device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>The chip that does the arithmetic of training: a graphics card (GPU) does many sums at once and is much faster than the computer&apos;s main processor (CPU).</source>
        <translation>执行训练运算的芯片：显卡 (GPU) 能同时做大量运算，比计算机的主处理器 (CPU) 快得多。</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>How many of the processor&apos;s cores work on training at the same time.</source>
        <translation>处理器中同时用于训练的核心数。</translation>
    </message>
    <message>
        <source>the precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>How exactly each number is stored while training. fp32 uses 32 bits and is the safest; bf16 and fp16 use 16 bits: half the memory and faster on graphics cards, a little less exact (fp16 only on a graphics card).</source>
        <translation>训练时每个数值保存得有多精确。fp32 使用 32 位，最稳妥；bf16 和 fp16 使用 16 位：内存减半，在显卡上更快，但精确度稍低（fp16 只能用于显卡）。</translation>
    </message>
    <message>
        <source>an epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>An epoch is one pass through all the training examples; 10 epochs read each 10 times.</source>
        <translation>一轮就是把所有训练例子读一遍；10 轮就是每个例子读 10 遍。</translation>
    </message>
    <message>
        <source>a step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <source>A step is one round of learning: the model reads one batch of examples and adjusts its numbers once.</source>
        <translation>一步就是一轮学习：模型读取一批例子，并调整一次自己的数值。</translation>
    </message>
    <message>
        <source>the time limit</source>
        <translation>时间上限</translation>
    </message>
    <message>
        <source>Training ends after this many minutes even if epochs are left, handy when a lesson has a fixed slot.</source>
        <translation>即使还有剩余轮数，训练也会在这么多分钟后结束，适合课程时间固定的场合。</translation>
    </message>
    <message>
        <source>stopping early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Some examples are kept aside and never trained on (the validation set). When the model stops getting better on them, training ends and the best version is kept.</source>
        <translation>有些例子被留出，从不用于训练（验证集）。当模型在它们上面不再进步时，训练结束并保留最好的版本。</translation>
    </message>
    <message>
        <source>the batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>How many examples the model reads before it adjusts its numbers once. Bigger batches give steadier steps but need more memory.</source>
        <translation>模型调整一次数值之前读取多少个例子。批次越大，每一步越稳定，但需要更多内存。</translation>
    </message>
    <message>
        <source>accumulating batches</source>
        <translation>累积批次</translation>
    </message>
    <message>
        <source>Read this many batches before adjusting the numbers once: it acts like a bigger batch without needing more memory.</source>
        <translation>在调整一次数值之前读取这么多个批次：效果相当于更大的批次，但不需要更多内存。</translation>
    </message>
    <message>
        <source>the learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>How big a change the model makes to its numbers at each step. Too small and it learns slowly; too big and the loss jumps around instead of falling.</source>
        <translation>模型每一步对自己的数值做多大的调整。太小学得慢；太大则损失上下跳动而不是下降。</translation>
    </message>
    <message>
        <source>warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <source>For the first steps the learning rate starts at zero and grows, so the first clumsy steps cannot throw the model off.</source>
        <translation>在最初的几步中，学习率从零开始逐渐增大，这样一开始笨拙的几步不会把模型带偏。</translation>
    </message>
    <message>
        <source>the seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>A number that fixes the random choices (the starting numbers, the order of the examples), so the same settings train the same model again.</source>
        <translation>一个固定随机选择（初始数值、例子的顺序）的数，相同的设置因此能再训练出同一个模型。</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <source>Choose what to train, where and for how long, then press &lt;b&gt;Start training&lt;/b&gt;. The loss on the right should fall as the model learns; pause or stop at any time and keep what it learnt.</source>
        <translation>选择训练什么、在哪里训练、训练多久，然后按&lt;b&gt;开始训练&lt;/b&gt;。模型学习时右侧的损失应当下降；可以随时暂停或停止，并保留已经学到的东西。</translation>
    </message>
    <message>
        <source>How long</source>
        <translation>训练多久</translation>
    </message>
    <message>
        <source>How many times the model reads the whole training set (1–20 is typical). Training ends at whichever limit comes first.</source>
        <translation>模型把整个训练集读多少遍（通常为 1–20）。训练在先达到的那个上限处结束。</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Stop after this many training steps (one step = one batch). &apos;no limit&apos; lets the epochs decide.</source>
        <translation>训练这么多步后停止（一步 = 一个批次）。“不限”则由轮数决定。</translation>
    </message>
    <message>
        <source>Stop &amp;after steps:</source>
        <translation>在此步数后停止(&amp;A)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Stop after this many minutes of training (pauses do not count). 0 = no limit.</source>
        <translation>训练这么多分钟后停止（暂停时间不计）。0 = 不限。</translation>
    </message>
    <message>
        <source>&amp;Time limit:</source>
        <translation>时间上限(&amp;T)：</translation>
    </message>
    <message>
        <source>After {patience} evaluations without a better validation loss</source>
        <translation>连续 {patience} 次评估验证损失都没有改善之后</translation>
    </message>
    <message>
        <source>End training when the validation loss has stopped improving, and keep the best weights (Inspect and Evaluate use them). Untick to train to the end of the epochs or time whatever happens.</source>
        <translation>验证损失不再改善时结束训练，并保留最佳权重（“查看”和“评估”使用它们）。取消勾选则无论如何都训练到轮数或时间用完。</translation>
    </message>
    <message>
        <source>Stop early:</source>
        <translation>提前停止：</translation>
    </message>
    <message>
        <source>How it learns</source>
        <translation>如何学习</translation>
    </message>
    <message>
        <source>Texts per training step (8–256 is typical). Larger batches use more memory; the Model page shows whether it fits.</source>
        <translation>每个训练步的文本数（通常为 8–256）。批次越大占用内存越多；“模型”页会显示是否放得下。</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <source>Accu&amp;mulate batches:</source>
        <translation>累积批次(&amp;M)：</translation>
    </message>
    <message>
        <source>How big each learning step is (peak value; it warms up, then decays). 1e-3 suits small models, 1e-4 to 3e-4 larger ones. Too high makes the loss jump or become NaN. Arrows halve or double it.</source>
        <translation>每一步学习的幅度（峰值；先预热，再衰减）。小模型适合 1e-3，大一些的模型适合 1e-4 到 3e-4。太高会使损失跳动或变成 NaN。箭头按钮会将其减半或加倍。</translation>
    </message>
    <message>
        <source>&amp;Learning rate:</source>
        <translation>学习率(&amp;L)：</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises from zero at the start. Automatic uses 5 % of the run (at most 200 steps).</source>
        <translation>开始时学习率从零升起所用的步数。“自动”使用整个运行的 5 %（最多 200 步）。</translation>
    </message>
    <message>
        <source>&amp;Warm-up steps:</source>
        <translation>预热步数(&amp;W)：</translation>
    </message>
    <message>
        <source>Starting point for the random numbers. The same seed and settings repeat a run.</source>
        <translation>随机数的起点。相同的种子和设置可以重复一次运行。</translation>
    </message>
    <message>
        <source>&amp;Seed:</source>
        <translation>随机种子(&amp;S)：</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Train a new model with these settings ({keys}).</source>
        <translation>用这些设置训练一个新模型（{keys}）。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Hold training after the current step; Resume continues exactly where it was.</source>
        <translation>在当前这一步之后暂停训练；按“继续”会从暂停处接着训练。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End training after the current step. The model is evaluated and saved, so nothing learnt is lost ({keys}).</source>
        <translation>在当前这一步之后结束训练。模型会先评估再保存，学到的东西不会丢失（{keys}）。</translation>
    </message>
    <message>
        <source>What training is doing now.</source>
        <translation>训练当前在做什么。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue training from where it was held.</source>
        <translation>从暂停处继续训练。</translation>
    </message>
    <message>
        <source>Preparing: reading the data, building the vocabulary and the model…</source>
        <translation>准备中：读取数据、构建词表和模型…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>将在当前这一步之后暂停…</translation>
    </message>
    <message>
        <source>Stopping after the current step; the model is evaluated and saved first…</source>
        <translation>将在当前这一步之后停止；模型会先评估并保存…</translation>
    </message>
    <message>
        <source>Paused after step {step:,}. Press Resume to continue, or Stop to end and save.</source>
        <translation>已在第 {step:,} 步后暂停。按“继续”接着训练，或按“停止”结束并保存。</translation>
    </message>
    <message>
        <source> The checkpoint is saved; you can continue it from the Runs page.</source>
        <translation> 检查点已保存；可以在“运行记录”页继续训练。</translation>
    </message>
    <message>
        <source>This cannot be trained as set up</source>
        <translation>按当前设置无法训练</translation>
    </message>
    <message>
        <source>Training became unstable</source>
        <translation>训练变得不稳定</translation>
    </message>
    <message>
        <source>Not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>The full report was also saved to {short_path}.</source>
        <translation>完整报告也已保存到 {short_path}。</translation>
    </message>
    <message>
        <source>The report could not be saved.</source>
        <translation>无法保存报告。</translation>
    </message>
    <message>
        <source>Every error report is appended to {log}.</source>
        <translation>每份错误报告都会追加到 {log}。</translation>
    </message>
    <message>
        <source>The full error report is on the clipboard.</source>
        <translation>完整的错误报告已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Batches read before each learning step: the step learns from batch size × this many texts, with the memory of one batch. 1 = every batch is a step.</source>
        <translation>每个学习步之前读取的批次数：每一步从 批大小 × 这个数 个文本中学习，而内存只需一个批次。1 = 每个批次一步。</translation>
    </message>
</context>
<context>
    <name>TrainProgress</name>
    <message>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <source>Training reached its time limit</source>
        <translation>训练已达到时间上限</translation>
    </message>
    <message>
        <source>Training stopped early: the validation loss stopped improving</source>
        <translation>训练提前停止：验证损失不再改善</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <source>Training ended</source>
        <translation>训练已结束</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>尚未开始</translation>
    </message>
    <message>
        <source>How much of the planned training is done.</source>
        <translation>计划中的训练已完成了多少。</translation>
    </message>
    <message>
        <source>Step, loss, epoch, speed, time spent and an estimate of the time left.</source>
        <translation>步数、损失、轮次、速度、已用时间以及剩余时间的估计。</translation>
    </message>
    <message>
        <source>Step {step:,} of {total:,}</source>
        <translation>第 {step:,} 步，共 {total:,} 步</translation>
    </message>
    <message>
        <source>Step {step:,}</source>
        <translation>第 {step:,} 步</translation>
    </message>
    <message>
        <source>loss {loss:.4f}</source>
        <translation>损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>epoch {epoch:.2f}</source>
        <translation>轮次 {epoch:.2f}</translation>
    </message>
    <message>
        <source>{time} elapsed</source>
        <translation>已用 {time}</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>大约还剩 {time}</translation>
    </message>
    <message>
        <source>{how} at step {step:,}.</source>
        <translation>{how}，在第 {step:,} 步。</translation>
    </message>
    <message>
        <source>Validation loss {loss:.4f}, masked-token accuracy {masked:.1%} (always guessing the commonest word: {unigram:.1%}).</source>
        <translation>验证损失 {loss:.4f}，掩码词元准确率 {masked:.1%}（总是猜最常见的词：{unigram:.1%}）。</translation>
    </message>
    <message>
        <source>Validation loss {loss:.4f}, masked-token accuracy {masked:.1%}.</source>
        <translation>验证损失 {loss:.4f}，掩码词元准确率 {masked:.1%}。</translation>
    </message>
    <message>
        <source>Validation loss {loss:.4f}, accuracy {acc:.1%}.</source>
        <translation>验证损失 {loss:.4f}，准确率 {acc:.1%}。</translation>
    </message>
    <message>
        <source>Validation loss {loss:.4f}.</source>
        <translation>验证损失 {loss:.4f}。</translation>
    </message>
    <message>
        <source>These are the scores of its best weights, from step {step:,}, which Inspect and Evaluate use.</source>
        <translation>这些是它最佳权重的评分，来自第 {step:,} 步，“查看”和“评估”使用的就是这些权重。</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>The data is still being read; start again in a moment.</source>
        <translation>数据还在读取中；请稍后再开始。</translation>
    </message>
    <message>
        <source>There is no usable data yet. Choose a built-in data set or open a file on the Data page.</source>
        <translation>还没有可用的数据。请在“数据”页选择一个内置数据集或打开一个文件。</translation>
    </message>
    <message>
        <source>The data cannot be split into training and validation sets; see the Data page.</source>
        <translation>数据无法分成训练集和验证集；请查看“数据”页。</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>the data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Pre-training a {model} model on {source} (filling in masked words)…</source>
        <translation>正在 {source} 上预训练一个{model}模型（填补被遮住的词）…</translation>
    </message>
    <message>
        <source>Fine-tuning {run_name} on {source}…</source>
        <translation>正在 {source} 上微调 {run_name}…</translation>
    </message>
    <message>
        <source>Training a {model} model on {source}…</source>
        <translation>正在 {source} 上训练一个{model}模型…</translation>
    </message>
    <message>
        <source>Fine-tune a pre-trained run first; then it can be trained from scratch beside it.</source>
        <translation>请先微调一个预训练运行；之后才能在它旁边从头训练一个用于比较。</translation>
    </message>
    <message>
        <source>Training the same classification from scratch, to compare with {run_name}…</source>
        <translation>正在从头训练同样的分类，以便与 {run_name} 比较…</translation>
    </message>
    <message>
        <source>Continuing {run_name} with its saved settings…</source>
        <translation>正在用保存的设置继续训练 {run_name}…</translation>
    </message>
    <message>
        <source>masked-token accuracy</source>
        <translation>掩码词元准确率</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Preparing a new run…</source>
        <translation>正在准备新的运行…</translation>
    </message>
    <message>
        <source>The run is being set up: data, vocabulary and model.</source>
        <translation>正在设置运行：数据、词表和模型。</translation>
    </message>
    <message>
        <source>Run: {name} (from scratch)</source>
        <translation>运行：{name}（从头训练）</translation>
    </message>
    <message>
        <source>The plot shows this run trained from scratch, over the fine-tuned run {run_name} (&apos;{overlay}&apos; in the legend). Saved in {run_path}</source>
        <translation>曲线图显示的是这个从头训练的运行，叠加在微调运行 {run_name} 之上（图例中的“{overlay}”）。保存在 {run_path}</translation>
    </message>
    <message>
        <source>Pausing after the current step…</source>
        <translation>将在当前这一步之后暂停…</translation>
    </message>
    <message>
        <source>Training resumed.</source>
        <translation>训练已继续。</translation>
    </message>
    <message>
        <source>evaluated and saved</source>
        <translation>评估并保存</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Stopping after the current step; the model is {saving} first…</source>
        <translation>将在当前这一步之后停止；模型会先{saving}…</translation>
    </message>
    <message>
        <source>Run: {name}</source>
        <translation>运行：{name}</translation>
    </message>
    <message>
        <source>Run: not saved</source>
        <translation>运行：未保存</translation>
    </message>
    <message>
        <source>The run shown in the plot is saved in {run_path}</source>
        <translation>曲线图中显示的运行保存在 {run_path}</translation>
    </message>
    <message>
        <source>CPU (1 thread)</source>
        <translation>CPU（1 个线程）</translation>
    </message>
    <message>
        <source>CPU ({n} threads)</source>
        <translation>CPU（{n} 个线程）</translation>
    </message>
    <message>
        <source>Training on {device} in {precision} precision{note}</source>
        <translation>正在 {device} 上以 {precision} 精度训练{note}</translation>
    </message>
    <message>
        <source>Step {step:,}: validation loss {loss:.4f}</source>
        <translation>第 {step:,} 步：验证损失 {loss:.4f}</translation>
    </message>
    <message>
        <source>, accuracy {accuracy:.1%}</source>
        <translation>，准确率 {accuracy:.1%}</translation>
    </message>
    <message>
        <source>, masked-token accuracy {accuracy:.1%}</source>
        <translation>，掩码词元准确率 {accuracy:.1%}</translation>
    </message>
    <message>
        <source> (best so far)</source>
        <translation>（目前最佳）</translation>
    </message>
    <message>
        <source>Paused after step {step:,}. Press Resume to continue, or Stop to save.</source>
        <translation>已在第 {step:,} 步后暂停。按“继续”接着训练，或按“停止”保存。</translation>
    </message>
    <message>
        <source>{how} at step {step:,}.</source>
        <translation>{how}，在第 {step:,} 步。</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>Training stopped on an unexpected error: {kind}: {err}</source>
        <translation>训练因意外错误而停止：{kind}：{err}</translation>
    </message>
    <message>
        <source>Training ended without a result.</source>
        <translation>训练结束，但没有结果。</translation>
    </message>
</context>
<context>
    <name>ViewModes</name>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Make every text bigger</source>
        <translation>放大所有文字</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Make every text smaller</source>
        <translation>缩小所有文字</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Every text at its normal size</source>
        <translation>所有文字恢复正常大小</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Fill the whole screen (press again to leave)</source>
        <translation>占满整个屏幕（再按一次退出）</translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>For a projector: every text at least 24 pixels high, black on white (press again to leave)</source>
        <translation>用于投影仪：所有文字至少 24 像素高，白底黑字（再按一次退出）</translation>
    </message>
    <message>
        <source>Show the loss &amp;plot</source>
        <translation>显示损失曲线(&amp;P)</translation>
    </message>
    <message>
        <source>Hide the plot to give the pages (e.g. the attention maps) the room</source>
        <translation>隐藏曲线图，把空间留给各页面（例如注意力图）</translation>
    </message>
    <message>
        <source>The plot is hidden to make room: F9 shows it again.</source>
        <translation>曲线图已隐藏以腾出空间：按 F9 可重新显示。</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;Open data file…</source>
        <translation>打开数据文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Train on your own file (CSV, TSV, JSON Lines, Parquet or plain text)</source>
        <translation>用你自己的文件训练（CSV、TSV、JSON Lines、Parquet 或纯文本）</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>Train a new model with the current settings</source>
        <translation>用当前设置训练一个新模型</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Hold training after the current step (press again to resume)</source>
        <translation>在当前这一步之后暂停训练（再按一次继续）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>End training after the current step; the model is saved</source>
        <translation>在当前这一步之后结束训练；模型会被保存</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close Transformer Workbench</source>
        <translation>关闭 Transformer Workbench</translation>
    </message>
    <message>
        <source>Show the &amp;error log</source>
        <translation>显示错误日志(&amp;E)</translation>
    </message>
    <message>
        <source>Open the folder with the error reports</source>
        <translation>打开存放错误报告的文件夹</translation>
    </message>
    <message>
        <source>&amp;About Transformer Workbench</source>
        <translation>关于 Transformer Workbench(&amp;A)</translation>
    </message>
    <message>
        <source>Versions and what this app does</source>
        <translation>版本信息以及这个应用的用途</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>打开最近的文件(&amp;R)</translation>
    </message>
    <message>
        <source>Tra&amp;ining</source>
        <translation>训练(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（没有最近的文件）</translation>
    </message>
    <message>
        <source>Open {path}</source>
        <translation>打开 {path}</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Continue training from where it was held</source>
        <translation>从暂停处继续训练</translation>
    </message>
</context>
</TS>
